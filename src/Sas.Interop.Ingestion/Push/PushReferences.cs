using Hl7.Fhir.Model;

namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// Rewrites the references a transaction makes to an entry's <c>fullUrl</c> or to a conditionally keyed
/// resource's former id, so they point to <c>Type/nativeId</c> as the normaliser expects.
/// </summary>
internal static class PushReferences
{
    public static void Rewrite(IEnumerable<Resource> resources, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        foreach (var resource in resources)
        {
            List<ResourceReference?> references = resource switch
            {
                Slot slot => [slot.Schedule, .. slot.ServiceType.SelectMany(s => s.Extension).Select(e => e.Value as ResourceReference)],
                Schedule schedule => [.. schedule.Actor],
                PractitionerRole role => [role.Practitioner],
                HealthcareService service => [service.ProvidedBy],
                Location location => [location.ManagingOrganization],
                _ => [],
            };
            foreach (var reference in references)
            {
                if (reference?.Reference is { } target && map.TryGetValue(target, out var replacement))
                {
                    reference.Reference = replacement;
                }
            }
        }
    }
}
