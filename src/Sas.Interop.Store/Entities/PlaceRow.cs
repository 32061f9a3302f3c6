namespace Sas.Interop.Store.Entities;

internal sealed class PlaceRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string PractitionerNativeId { get; set; }

    public string? LocationIdentifierJson { get; set; }

    public string? LocationName { get; set; }

    public string? AddressJson { get; set; }

    /// <summary>Postal code, kept as a column for commune/department statistics.</summary>
    public string? PostalCode { get; set; }

    /// <summary>WGS 84 position (null when unknown): columns, so a proximity search can prefilter by bounding box in SQL.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? OrganizationJson { get; set; }

    public string TelecomsJson { get; set; } = "[]";

    public string SpecialtiesJson { get; set; } = "[]";

    /// <summary>Declared durations per consultation mode (fr-core service-type-duration), JSON.</summary>
    public string DurationsJson { get; set; } = "[]";

    /// <summary><c>PractitionerRole.active</c> = false: every slot of the place is withheld. (Stored negated so existing rows read as active.)</summary>
    public bool Inactive { get; set; }

    /// <summary><c>PractitionerRole.notAvailable</c> (<see cref="Core.Canonical.CanonicalUnavailability"/> list): the periods its slots are withheld in.</summary>
    public string NotAvailableJson { get; set; } = "[]";

    /// <summary>Home-visit perimeter in metres (null: none declared): a column, so hub-near can prefilter the places whose perimeter may reach a point.</summary>
    public double? HomeVisitRadiusMeters { get; set; }

    /// <summary>Opening hours (<see cref="Core.Canonical.CanonicalOpeningHours"/> list), as <see cref="LocationRow.HoursJson"/>.</summary>
    public string HoursJson { get; set; } = "[]";

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
