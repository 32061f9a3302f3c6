using Hl7.Fhir.Model;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Availability;

/// <summary>The <c>unavailable</c> parts of a practitioner in <c>$availability</c> (truth.md R7).</summary>
internal static class UnavailabilityParts
{
    public static void Add(Parameters.ParameterComponent practitioner, IEnumerable<PractitionerUnavailability>? unavailabilities)
    {
        foreach (var unavailability in unavailabilities ?? [])
        {
            var part = new Parameters.ParameterComponent { Name = "unavailable" };
            part.Part.Add(new Parameters.ParameterComponent { Name = "reason", Value = new Code(unavailability.Kind) });
            if (unavailability.Start is { } start)
            {
                part.Part.Add(new Parameters.ParameterComponent { Name = "start", Value = new FhirDateTime(start) });
            }

            if (unavailability.End is { } end)
            {
                part.Part.Add(new Parameters.ParameterComponent { Name = "end", Value = new FhirDateTime(end) });
            }

            part.Part.Add(new Parameters.ParameterComponent { Name = "description", Value = new FhirString(unavailability.Description) });
            if (unavailability.Place is { } place)
            {
                part.Part.Add(new Parameters.ParameterComponent { Name = "place", Value = new FhirString(place) });
            }

            practitioner.Part.Add(part);
        }
    }
}
