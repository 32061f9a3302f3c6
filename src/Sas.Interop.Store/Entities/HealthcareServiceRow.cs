namespace Sas.Interop.Store.Entities;

internal sealed class HealthcareServiceRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string OrganizationNativeId { get; set; }

    public string? Name { get; set; }

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

    /// <inheritdoc/>
    public long? Version { get; set; }

    /// <inheritdoc/>
    public DateTime? VersionedAtUtc { get; set; }
}
