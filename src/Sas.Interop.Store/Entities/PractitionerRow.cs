namespace Sas.Interop.Store.Entities;

internal sealed class PractitionerRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string NationalId { get; set; }

    public string? Family { get; set; }

    public string GivenJson { get; set; } = "[]";

    public string TelecomsJson { get; set; } = "[]";

    /// <summary>Languages spoken, BCP-47 tags in canonical case, JSON (searched by substring: <c>"en"</c>, <c>"en-</c>).</summary>
    public string LanguagesJson { get; set; } = "[]";

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

    /// <inheritdoc/>
    public long? Version { get; set; }

    /// <inheritdoc/>
    public DateTime? VersionedAtUtc { get; set; }

    /// <summary>
    /// What the facade serves for this row, rendered when it was written (<see cref="Core.Storage.IServedResourceRenderer"/>);
    /// null when written without a renderer. Derived from the other columns, never compared by the upserts.
    /// </summary>
    public byte[]? ServedJson { get; set; }
}
