namespace Sas.Interop.Store.Entities;

internal sealed class OrganizationRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public string? NationalId { get; set; }

    public string? IdentifierJson { get; set; }

    public string? Name { get; set; }

    public string TelecomsJson { get; set; } = "[]";

    /// <summary>Kind of structure (Core.Canonical.StructureTypes: SOS, CDS, MSP, CPTS, OTHER); null for rows written before it was read.</summary>
    public string? StructureType { get; set; }

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

    /// <inheritdoc/>
    public long? Version { get; set; }

    /// <inheritdoc/>
    public DateTime? VersionedAtUtc { get; set; }
}
