using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The simulator's <c>/metadata</c>: a publisher server for the Slot search (PS individuel, CPTS includes) and the
/// SOS Médecins Schedule search; it instantiates the IG statement of the flow its data is shaped for, and
/// SAS-GestionnaireStructure when it receives regulator accounts (INT_R02).
/// </summary>
internal static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(string publisherName, SimulatedPublisherKind kind, bool receivesRegulatorAccounts)
    {
        var statement = Create(publisherName, kind);
        if (receivesRegulatorAccounts)
        {
            statement.InstantiatesElement.Add(new Canonical(SasProfiles.GestionnaireStructureCapabilityStatement));
            statement.Rest[0].Resource.Add(RegulatorAccounts());
        }

        return statement;
    }

    private static CapabilityStatement Create(string publisherName, SimulatedPublisherKind kind) => new()
    {
        Status = PublicationStatus.Active,
        Date = "2024-10-01",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = publisherName + " (Sas.Interop publisher simulator)" },
        Instantiates = [kind switch
        {
            SimulatedPublisherKind.Cpts => SasProfiles.CptsCapabilityStatement,
            SimulatedPublisherKind.Sos or SimulatedPublisherKind.Structure => SasProfiles.SosCapabilityStatement,
            _ => SasProfiles.PsIndivCapabilityStatement,
        }],
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
                        Profile = kind == SimulatedPublisherKind.Cpts ? SasProfiles.CptsSlot : SasProfiles.Slot,
                        Interaction = [SearchType()],
                        SearchInclude = ["Slot:schedule", "Schedule:actor", "Slot:service-type-reference", "HealthcareService:organization"],
                        SearchParam =
                        [
                            SearchParam("start", "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start", SearchParamType.Date),
                            SearchParam("status", "http://hl7.org/fhir/SearchParameter/Slot-status", SearchParamType.Token),
                            SearchParam("schedule", "http://hl7.org/fhir/SearchParameter/Slot-schedule", SearchParamType.Reference),
                        ],
                    },
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Schedule",
                        Profile = SasProfiles.SosSchedule,
                        Interaction = [SearchType()],
                        SearchInclude = ["Schedule:actor:Location", "Location:organization"],
                        SearchRevInclude = ["Slot:schedule"],
                        SearchParam =
                        [
                            SearchParam("_has", null, SearchParamType.Special),
                            SearchParam("actor", "http://hl7.org/fhir/SearchParameter/Schedule-actor", SearchParamType.Reference),
                        ],
                    },
                ],
            },
        ],
    };

    // As the IG's SAS-GestionnaireStructure: create, then conditional update by identifier that creates when unknown.
    private static CapabilityStatement.ResourceComponent RegulatorAccounts() => new()
    {
        Type = "Practitioner",
        Profile = SasProfiles.PractitionerRegul,
        Interaction =
        [
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create },
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update },
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
        ],
        UpdateCreate = true,
        ConditionalUpdate = true,
        SearchParam = [SearchParam("identifier", "http://hl7.org/fhir/SearchParameter/Practitioner-identifier", SearchParamType.Token)],
    };

    private static CapabilityStatement.ResourceInteractionComponent SearchType() =>
        new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType };

    private static CapabilityStatement.SearchParamComponent SearchParam(string name, string? definition, SearchParamType type) =>
        new() { Name = name, Definition = definition, Type = type };
}
