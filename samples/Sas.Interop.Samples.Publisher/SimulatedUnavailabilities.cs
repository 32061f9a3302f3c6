using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The unavailabilities a simulated publisher declares (<see cref="PublisherSimulatorOptions.DeclaresUnavailabilities"/>):
/// applied after generation, so the generator's random sequence, and every other value, stay as they were.
/// </summary>
internal static class SimulatedUnavailabilities
{
    public static IReadOnlyList<Resource> Apply(IReadOnlyList<Resource> resources, DateTimeOffset anchor)
    {
        var practitioners = resources.OfType<Practitioner>().Select(p => "Practitioner/" + p.Id).ToList();
        foreach (var role in resources.OfType<PractitionerRole>())
        {
            var index = practitioners.IndexOf(role.Practitioner?.Reference ?? string.Empty);
            if (index == 1)
            {
                var from = new DateTimeOffset(anchor.Year, anchor.Month, anchor.Day, 0, 0, 0, anchor.Offset).AddDays(1);
                role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
                {
                    Description = "Congés annuels",
                    During = new Period { StartElement = new FhirDateTime(from), EndElement = new FhirDateTime(from.AddDays(30)) },
                });
            }
            else if (index == 2)
            {
                role.Active = false;
            }
        }

        return resources;
    }
}
