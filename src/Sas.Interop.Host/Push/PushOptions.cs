namespace Sas.Interop.Host.Push;

/// <summary>Limits of the publisher push API (<c>Push:*</c>).</summary>
internal sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>Largest request body accepted (413 above it).</summary>
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most entries in one transaction or batch Bundle (413 above it).</summary>
    public int MaxEntries { get; set; } = 2_000;

    /// <summary>Write requests per publisher per minute (429 with Retry-After above it).</summary>
    public int PermitsPerMinute { get; set; } = 600;
}
