using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Capability;

/// <summary>The hub's CapabilityStatement: what the facade really serves.</summary>
public static class CapabilityStatementFactory
{
    public const string SasImplementationGuide = "https://interop.esante.gouv.fr/ig/fhir/sas";
    public const string StartSearchParameter = "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start";

    /// <summary>When the statement's content last changed (FHIR <c>date</c>): bump it with any change below.</summary>
    public static readonly DateTimeOffset LastChanged = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    public static CapabilityStatement Create(string baseUrl, string softwareVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(softwareVersion);
        var root = baseUrl.TrimEnd('/');

        return new CapabilityStatement
        {
            Url = $"{root}/metadata",
            Name = "SasInteropHub",
            Title = "Sas.Interop hub — SAS PS-individuel slot search",
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(LastChanged),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Sas.Interop", Version = softwareVersion },
            Implementation = new CapabilityStatement.ImplementationComponent
            {
                Description = "Aggregates publisher agendas and serves them to the SAS platform (INT_R01, PS individuel).",
                Url = root,
            },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = [FhirJson.MediaType, "json"],
            ImplementationGuide = [SasImplementationGuide],
            Rest = [new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Slot search (INT_R01) and metadata only; JSON only.",
                Resource =
                [
                    SlotResource(),
                    ProfiledResource(ResourceType.Schedule, SasProfiles.Schedule),
                    ProfiledResource(ResourceType.Practitioner, SasProfiles.Practitioner),
                    ProfiledResource(ResourceType.PractitionerRole, SasProfiles.PractitionerRole),
                ],
            }],
        };
    }

    private static CapabilityStatement.ResourceComponent SlotResource()
    {
        var slot = ProfiledResource(ResourceType.Slot, SasProfiles.Slot);
        slot.Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }];
        slot.SearchInclude = [SlotSearchParameterNames.IncludeSlotSchedule, SlotSearchParameterNames.IncludeScheduleActor];
        slot.SearchParam =
        [
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Start,
                Definition = StartSearchParameter,
                Type = SearchParamType.Date,
                Documentation = "Exactly one start=ge and one start=le (the search window). Without an offset, times are Europe/Paris.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Status,
                Definition = "http://hl7.org/fhir/SearchParameter/Slot-status",
                Type = SearchParamType.Token,
                Documentation = "Only 'free' (the default).",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = "schedule",
                Definition = "http://hl7.org/fhir/SearchParameter/Slot-schedule",
                Type = SearchParamType.Reference,
                Documentation = $"Only as the chain {SlotSearchParameterNames.PractitionerIdentifier}=urn:oid:1.2.250.1.71.4.2.1|<national id>, comma-separated, 1 to {SlotSearchParser.MaxPractitioners} ids (required).",
            },
        ];
        return slot;
    }

    private static CapabilityStatement.ResourceComponent ProfiledResource(ResourceType type, string profile) => new()
    {
        Type = type.ToString(),
        SupportedProfile = [profile],
    };
}
