namespace Sas.Interop.Core.Identifiers;

/// <summary>Raised when a value cannot be read as the national identifier it should be.</summary>
public sealed class IdentifierNormalizationException : Exception
{
    public IdentifierNormalizationException(string message)
        : base(message)
    {
    }

    public IdentifierNormalizationException()
    {
    }

    public IdentifierNormalizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
