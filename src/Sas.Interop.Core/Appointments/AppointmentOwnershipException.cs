namespace Sas.Interop.Core.Appointments;

/// <summary>The appointment's identifier belongs to another publisher: the write is refused (403).</summary>
public sealed class AppointmentOwnershipException : Exception
{
    public AppointmentOwnershipException()
    {
    }

    public AppointmentOwnershipException(string message)
        : base(message)
    {
    }

    public AppointmentOwnershipException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
