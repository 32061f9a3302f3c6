namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Where a practitioner consults, as <see cref="PsAgendaResources.Role(string, string, PracticePlace)"/> puts it in the contained Location.</summary>
/// <param name="Name">The place's name (<c>Location.name</c>), as the SAS shows it.</param>
/// <param name="AddressLines">Street lines (<c>Location.address.line</c>; the IG wants line, city and postal code).</param>
/// <param name="City">The commune.</param>
/// <param name="PostalCode">French postal code: locates the place when it has no position.</param>
/// <param name="Phones">The place's phone numbers (any French format): the role's telecoms, how a regulator calls.</param>
public sealed record PracticePlace(string? Name, IReadOnlyList<string> AddressLines, string? City, string? PostalCode, IReadOnlyList<string> Phones)
{
    private readonly double? latitude;
    private readonly double? longitude;

    /// <summary>
    /// WGS 84 latitude of the place (<c>Location.position</c>), −90..90; set with <see cref="Longitude"/>. Used by the
    /// SAS's proximity search (<c>hub-near</c>); without it the hub locates the place by its postal code's centroid.
    /// </summary>
    public double? Latitude
    {
        get => latitude;
        init => latitude = value is { } degrees && !(double.IsFinite(degrees) && degrees is >= -90 and <= 90)
            ? throw new ArgumentOutOfRangeException(nameof(Latitude), degrees, "A WGS 84 latitude is between -90 and 90 degrees.")
            : value;
    }

    /// <summary>WGS 84 longitude of the place, −180..180; set with <see cref="Latitude"/>.</summary>
    public double? Longitude
    {
        get => longitude;
        init => longitude = value is { } degrees && !(double.IsFinite(degrees) && degrees is >= -180 and <= 180)
            ? throw new ArgumentOutOfRangeException(nameof(Longitude), degrees, "A WGS 84 longitude is between -180 and 180 degrees.")
            : value;
    }

    /// <summary>
    /// The site's structure national id, <c>1</c>+FINESS or <c>3</c>+SIRET (a centre de santé, an MSP): the contained
    /// Location's IDNST identifier. Without it the hub identifies the place by the role's id.
    /// </summary>
    public string? SiteNationalId { get; init; }

    /// <summary>Opening hours of the place (<c>Location.hoursOfOperation</c>).</summary>
    public IReadOnlyList<OpeningHours> OpeningHours { get; init; } = [];

    /// <summary>The place's e-mail addresses (role telecoms, beside <see cref="Phones"/>).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
}
