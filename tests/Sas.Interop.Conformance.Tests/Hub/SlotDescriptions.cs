using Hl7.Fhir.Model;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// One line per Slot of a searchset, independent of resource ids: the slot's own content, then who and where it
/// hangs on (practitioner ids, consultation place and structure, SOS place and association, CPTS organisations),
/// resolved through the bundle's references. Two bundles with the same lines carry the same agenda.
/// </summary>
internal static class SlotDescriptions
{
    public static List<string> Of(Bundle bundle)
    {
        var byReference = bundle.Entry
            .Select(e => e.Resource)
            .OfType<Resource>()
            .GroupBy(r => r.TypeName + "/" + r.Id)
            .ToDictionary(g => g.Key, g => g.First());

        return [.. bundle.Entry.Select(e => e.Resource).OfType<Slot>().Select(slot => Describe(slot, byReference)).Order(StringComparer.Ordinal)];
    }

    private static string Describe(Slot slot, Dictionary<string, Resource> bundle) => string.Join(
        " | ",
        slot.Start!.Value.ToUniversalTime().ToString("O"),
        slot.End!.Value.ToUniversalTime().ToString("O"),
        "status=" + slot.Status,
        "types=" + Join((slot.Meta?.Security ?? []).Select(c => c.System + "#" + c.Code)),
        // Codes and motive texts as sets: the IG moved motives to text-only entries (1.1.0) but its CPTS2 example
        // still writes one on the AMB entry; the hub emits the newer form, the content is the same.
        "serviceTypes=" + Join(slot.ServiceType.SelectMany(s => s.Coding).Select(c => c.System + "#" + c.Code)),
        "motives=" + Join(slot.ServiceType.Select(s => s.Text).Where(t => t is not null)),
        "cpts=" + Join(slot.ServiceType.SelectMany(s => s.Extension).Select(x => x.Value).OfType<ResourceReference>().Select(r => CptsOrganization(r, bundle))),
        "specialties=" + Join(slot.Specialty.Select(s => Join(s.Coding.Select(c => c.System + "#" + c.Code)) + (s.Text is null ? "" : " text:" + s.Text))),
        "appointmentType=" + Join(slot.AppointmentType?.Coding.Select(c => c.System + "#" + c.Code) ?? []),
        "comment=" + slot.Comment,
        "on=" + Join(Resolve<Schedule>(slot.Schedule, bundle)?.Actor.Select(a => Actor(a, bundle)) ?? ["schedule not in bundle"]));

    private static string Actor(ResourceReference reference, Dictionary<string, Resource> bundle) => Resolve<Resource>(reference, bundle) switch
    {
        Practitioner practitioner => "PS " + Join(practitioner.Identifier.Select(Identifier)),
        PractitionerRole role => "role at " + Place(role.Location.Select(l => role.Contained.FirstOrDefault(c => "#" + c.Id == l.Reference)).OfType<Location>().FirstOrDefault())
            // The value only: the hub types a valid prefixed structure id (here the CPTS example's bare 4+RPPS rang) with
            // the IDNST system the profile fixes; the profile checker verifies type and system separately.
            + " for " + (role.Organization?.Identifier?.Value ?? role.Organization?.Reference),
        Location location => Place(location) + " of " + (Resolve<Organization>(location.ManagingOrganization, bundle) is { } association ? Join(association.Identifier.Select(Identifier)) : "association not in bundle"),
        null => "not in bundle: " + reference.Reference,
        var other => other.TypeName,
    };

    private static string CptsOrganization(ResourceReference serviceReference, Dictionary<string, Resource> bundle) =>
        Resolve<HealthcareService>(serviceReference, bundle) is { } service
            ? Resolve<Organization>(service.ProvidedBy, bundle) is { } organization ? Join(organization.Identifier.Select(Identifier)) : "organization not in bundle"
            : "service not in bundle";

    private static string Place(Location? location) => location is null
        ? "no contained location"
        : $"{location.Name} {Join(location.Address?.Line ?? [])} {location.Address?.PostalCode} {location.Address?.City}".Trim();

    private static string Identifier(Identifier identifier) => identifier.System + "|" + identifier.Value;

    private static T? Resolve<T>(ResourceReference? reference, Dictionary<string, Resource> bundle)
        where T : Resource
    {
        if (reference?.Reference is not { } value)
        {
            return null;
        }

        // Relative (Type/id) or absolute (…/Type/id): the last two segments name the entry.
        var segments = value.TrimEnd('/').Split('/');
        var key = segments.Length >= 2 ? segments[^2] + "/" + segments[^1] : value;
        return bundle.TryGetValue(key, out var resource) ? resource as T : null;
    }

    private static string Join(IEnumerable<string?> values) => string.Join(",", values.Order(StringComparer.Ordinal));
}
