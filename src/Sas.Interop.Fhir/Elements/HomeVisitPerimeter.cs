using Hl7.Fhir.Model;
using Sas.Interop.Core.Geography;

namespace Sas.Interop.Fhir.Elements;

/// <summary>
/// The hub extension carrying a practitioner's home-visit perimeter on the PractitionerRole (a distance from the place,
/// <c>valueQuantity</c> in UCUM <c>km</c> or <c>m</c>; fhir-profiles/StructureDefinition-practitionerrole-home-visit-radius.json):
/// read from publishers, served back in km.
/// </summary>
internal static class HomeVisitPerimeter
{
    public const string ExtensionUrl = "urn:sas-interop:StructureDefinition:practitionerrole-home-visit-radius";

    private const string Ucum = "http://unitsofmeasure.org";

    /// <summary>The perimeter in metres; null when absent or junk (then <paramref name="problem"/> says why, for the feed-quality report).</summary>
    public static double? Read(PractitionerRole role, out (string Message, string Expression)? problem)
    {
        problem = null;
        var extensions = role.Extension.Where(e => e.Url == ExtensionUrl).ToList();
        if (extensions.Count == 0)
        {
            return null;
        }

        var expression = $"PractitionerRole.extension.where(url='{ExtensionUrl}')";
        if (extensions.Count > 1)
        {
            problem = ($"The PractitionerRole declares {extensions.Count} home-visit perimeters; none was kept (which one is meant?).", expression);
            return null;
        }

        if (extensions[0].Value is not Quantity quantity)
        {
            problem = ($"The home-visit perimeter is a {extensions[0].Value?.TypeName ?? "missing value"}, not a valueQuantity; dropped.", expression + ".value");
            return null;
        }

        var value = FhirValues.Number(quantity.ValueElement);
        var system = FhirValues.Text(quantity.System);
        var unit = FhirValues.Text(quantity.Code) ?? (system is null ? FhirValues.Text(quantity.Unit) : null);
        double? factor = (system is null or Ucum) ? unit switch { "km" => 1000, "m" => 1, _ => null } : null;
        if (factor is null)
        {
            problem = ($"The home-visit perimeter's unit '{system}|{unit ?? FhirValues.Text(quantity.Unit)}' is not UCUM km or m; dropped.", expression + ".value.code");
            return null;
        }

        var meters = value * factor;
        if (meters is not { } distance || !double.IsFinite(distance) || distance <= 0 || distance > HomeVisitReach.MaxRadiusMeters)
        {
            problem = ($"The home-visit perimeter '{FhirValues.Raw(quantity.ValueElement)} {unit}' is not a distance above 0 and at most {HomeVisitReach.MaxRadiusMeters / 1000} km; dropped, the place kept.", expression + ".value.value");
            return null;
        }

        return distance;
    }

    /// <summary>What the facade serves: the same extension, in km (rounded to the metre).</summary>
    public static Extension ToExtension(double meters) => new(ExtensionUrl, new Quantity
    {
        Value = Math.Round((decimal)meters / 1000m, 3),
        Unit = "km",
        System = Ucum,
        Code = "km",
    });
}
