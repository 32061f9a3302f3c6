using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Profiles;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Reads fr-core <c>service-type-duration</c> (a <c>serviceType</c> CodeableConcept and a <c>duration</c> Duration)
/// on a PractitionerRole: the duration the practitioner gives each consultation mode (v3-ActCode AMB, HH, VR) at the
/// place. Whatever cannot be used is reported and ignored; the role is always kept.
/// </summary>
internal static class ServiceTypeDurations
{
    public const string ExtensionUrl = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration";
    private const string Ucum = "http://unitsofmeasure.org";
    private const string Element = "PractitionerRole.extension";

    public static IReadOnlyList<DeclaredDuration> Read(DomainResource resource, Action<string, string, string> report)
    {
        var declared = new List<DeclaredDuration>();
        foreach (var extension in resource.Extension.Where(e => e.Url == ExtensionUrl))
        {
            var serviceType = extension.GetExtension("serviceType")?.Value as CodeableConcept;
            var duration = extension.GetExtension("duration")?.Value as Quantity;
            if (serviceType is null || duration is null)
            {
                report(Reasons.MissingElement, "A service-type-duration lacks its serviceType (CodeableConcept) or its duration (Duration); it was ignored, the role kept.", Element);
                continue;
            }

            var mode = ModeOf(serviceType);
            if (mode == ConsultationModes.None)
            {
                var codes = string.Join(", ", serviceType.Coding.Select(c => $"{c.System}|{c.Code}"));
                report(Reasons.BadCode, $"The service-type-duration's serviceType '{codes}' is not a consultation type (v3-ActCode AMB, HH, VR); it was ignored, the role kept.", Element);
                continue;
            }

            if (MinutesOf(duration) is not { } minutes)
            {
                report(Reasons.InvalidValue, $"The service-type-duration '{duration.Value} {duration.Code ?? duration.Unit}' is not a duration of 1 minute to 24 hours in UCUM min or h; it was ignored, the role kept.", Element);
                continue;
            }

            if (declared.Find(d => d.Mode == mode) is { } first)
            {
                if (first.Minutes != minutes)
                {
                    report(Reasons.Duplicate, $"Two service-type-durations for one consultation type ({first.Minutes} and {minutes} min); the first was kept.", Element);
                }

                continue;
            }

            declared.Add(new DeclaredDuration(mode, minutes));
        }

        return declared;
    }

    private static ConsultationModes ModeOf(CodeableConcept serviceType)
    {
        var modes = serviceType.Coding
            .Where(c => c.System is null || c.System == SasCodeSystems.ActCode)
            .Select(c => c.Code?.Trim() switch
            {
                "AMB" => ConsultationModes.Ambulatory,
                "HH" => ConsultationModes.HomeVisit,
                "VR" => ConsultationModes.Virtual,
                _ => ConsultationModes.None,
            })
            .Where(m => m != ConsultationModes.None)
            .Distinct()
            .ToList();
        return modes.Count == 1 ? modes[0] : ConsultationModes.None;
    }

    // UCUM min or h (code, or the unit text when no code); whole minutes, 1 to 1440.
    private static int? MinutesOf(Quantity duration)
    {
        if (duration.Value is not { } value || (duration.System is not null && duration.System != Ucum))
        {
            return null;
        }

        var factor = (duration.Code ?? duration.Unit)?.Trim() switch
        {
            "min" => 1m,
            "h" => 60m,
            _ => 0m,
        };
        var minutes = value * factor;
        return factor > 0 && minutes == decimal.Truncate(minutes) && minutes is >= 1 and <= 1440 ? (int)minutes : null;
    }
}
