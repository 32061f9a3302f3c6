using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// The served PractitionerRole tells regulators why a practitioner has no slot: <c>notAvailable</c> (standard R4) as the
/// publisher declared it, and <c>active=false</c> when the publisher said so (absent otherwise, as most publishers send it).
/// </summary>
internal static class UnavailabilityToFhir
{
    public static void Apply(PractitionerRole role, CanonicalPlace place)
    {
        if (!place.Active)
        {
            role.Active = false;
        }

        foreach (var period in place.NotAvailable)
        {
            role.NotAvailable.Add(new PractitionerRole.NotAvailableComponent
            {
                Description = period.Description,
                During = period.Start is null && period.End is null ? null : new Period
                {
                    StartElement = period.Start is { } start ? new FhirDateTime(start) : null,
                    EndElement = period.End is { } end ? new FhirDateTime(end) : null,
                },
            });
        }
    }
}
