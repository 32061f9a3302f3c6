namespace Sas.Interop.Store.Entities;

/// <summary>An SOS Médecins fixed consultation place.</summary>
internal sealed class LocationRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string OrganizationNativeId { get; set; }

    public string? IdentifierJson { get; set; }

    public string? Name { get; set; }

    public string? AddressJson { get; set; }

    /// <summary>Postal code, kept as a column for commune/department statistics.</summary>
    public string? PostalCode { get; set; }

    /// <summary>WGS 84 position (hub-near), as for places: the publisher's, else the postal code's centroid.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string TelecomsJson { get; set; } = "[]";

    public string HoursJson { get; set; } = "[]";

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

    /// <inheritdoc/>
    public long? Version { get; set; }

    /// <inheritdoc/>
    public DateTime? VersionedAtUtc { get; set; }
}
