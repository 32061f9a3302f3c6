using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Where a place is: its address (postal code checked), its position for hub-near (the publisher's own when valid,
/// else the postal code's centroid), and the check of every top-level Location's position.
/// </summary>
internal sealed class PlaceGeocoding(NormalisationRun run) : NormalisationStep(run)
{
    /// <summary>
    /// A Location's address as stored; one lacking its line, city or postal code is kept and reported. A postal code
    /// that is not French (<see cref="FrenchPostalCodes"/>) is dropped and reported, the place kept: it would
    /// otherwise reach the commune keys, the export and proximity searches as it came.
    /// </summary>
    public CanonicalAddress? MapAddress(Resource owner, Address? address, string expression)
    {
        var lines = (address?.Line ?? []).Select(FhirValues.Text).OfType<string>().ToList();
        var postalCode = FhirValues.Text(address?.PostalCode);
        if (lines.Count == 0 || FhirValues.Text(address?.City) is null || postalCode is null)
        {
            Report(owner, Reasons.MissingElement, "The Location address lacks its line, city or postal code (all required by the IG); the place was kept as is.", expression);
        }

        if (postalCode is not null && !FrenchPostalCodes.IsValid(postalCode, out var problem))
        {
            Report(owner, Reasons.InvalidPostalCode, problem + " The postal code was dropped, the place kept.", expression + ".postalCode");
            postalCode = null;
        }

        return address is null ? null : new CanonicalAddress(lines, FhirValues.Text(address.City), postalCode);
    }

    /// <summary>
    /// The place's position for hub-near: the publisher's own <c>Location.position</c> when valid, else the
    /// postal code's centroid (offline table); without either the place is kept and reported.
    /// </summary>
    public GeoPoint? Geocode(PractitionerRole role, Location location, string? postalCode)
    {
        var index = role.Contained.IndexOf(location);
        var root = index >= 0 ? $"PractitionerRole.contained[{index}]" : "PractitionerRole.location";
        if (ReadPosition(location, root, out var problem) is { } point)
        {
            return point;
        }

        if (problem is { } found)
        {
            Report(role, Reasons.InvalidPosition, found.Message + " The position was dropped, the place kept; its postal code locates it instead.", found.Expression);
        }

        return CentroidOrReport(role, postalCode, "PractitionerRole.contained.address.postalCode");
    }

    /// <summary>The fallback of every place without a valid position: its postal code's centroid, else none (reported).</summary>
    public GeoPoint? CentroidOrReport(Resource owner, string? postalCode, string expression)
    {
        if (PostalCodeCentroids.TryLocate(postalCode, out var centroid))
        {
            return centroid;
        }

        Report(owner, Reasons.NotGeocoded, $"The place has no Location.position and {(postalCode is null ? "no valid postal code" : $"its postal code '{postalCode}' is not in the hub's table")}; it is kept but left out of proximity (hub-near) searches.", expression);
        return null;
    }

    /// <summary>
    /// The publisher's <c>Location.position</c> when it is a WGS 84 point (latitude −90..90, longitude −180..180,
    /// finite, not the 0,0 of an unset field); else null, with the problem when there was a position at all.
    /// </summary>
    public static GeoPoint? ReadPosition(Location location, string root, out (string Message, string Expression)? problem)
    {
        problem = null;
        if (location.Position is not { } position)
        {
            return null;
        }

        var latitude = FhirValues.Number(position.LatitudeElement);
        var longitude = FhirValues.Number(position.LongitudeElement);
        var rawLatitude = FhirValues.Raw(position.LatitudeElement);
        var rawLongitude = FhirValues.Raw(position.LongitudeElement);
        var latitudeOk = latitude is { } lat && double.IsFinite(lat) && lat is >= -90 and <= 90;
        var longitudeOk = longitude is { } lon && double.IsFinite(lon) && lon is >= -180 and <= 180;
        if (latitudeOk && longitudeOk && !(latitude == 0 && longitude == 0) && GeoPoint.IsValid(latitude!.Value, longitude!.Value))
        {
            return new GeoPoint(latitude.Value, longitude.Value);
        }

        var element = !latitudeOk ? "latitude" : !longitudeOk ? "longitude" : null;
        var what = element is null
            ? "is 0, 0 (an unset position, in the Gulf of Guinea)"
            : $"has {element} '{(element == "latitude" ? rawLatitude : rawLongitude)}', outside WGS 84 ({(element == "latitude" ? "−90..90" : "−180..180")})";
        problem = ($"Location.position ({rawLatitude}, {rawLongitude}) {what}.", element is null ? $"{root}.position" : $"{root}.position.{element}");
        return null;
    }

    /// <summary>Top-level Locations' positions are checked whatever the flow (SOS, pushed, referenced).</summary>
    public void CheckLocationPositions()
    {
        foreach (var location in LocationResources.Values)
        {
            ReadPosition(location, "Location", out var problem);
            if (problem is { } found)
            {
                Report(location, Reasons.InvalidPosition, found.Message + " The position was dropped, the place kept.", found.Expression);
            }
        }
    }

}
