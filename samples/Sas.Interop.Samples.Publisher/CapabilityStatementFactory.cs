using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>The simulator's <c>/metadata</c>: a publisher server for the PS-individuel Slot search.</summary>
internal static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(string publisherName) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2024-10-01",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = publisherName + " (Sas.Interop publisher simulator)" },
        Instantiates = [SasProfiles.PsIndivCapabilityStatement],
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["application/fhir+json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Resource =
                [
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Slot",
                        Profile = SasProfiles.Slot,
                        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }],
                        SearchInclude = ["Slot:schedule", "Schedule:actor"],
                        SearchParam =
                        [
                            SearchParam("start", "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start", SearchParamType.Date),
                            SearchParam("status", "http://hl7.org/fhir/SearchParameter/Slot-status", SearchParamType.Token),
                            SearchParam("schedule", "http://hl7.org/fhir/SearchParameter/Slot-schedule", SearchParamType.Reference),
                        ],
                    },
                ],
            },
        ],
    };

    private static CapabilityStatement.SearchParamComponent SearchParam(string name, string definition, SearchParamType type) =>
        new() { Name = name, Definition = definition, Type = type };
}
