using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Appointments;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Regulators;
using Sas.Interop.Fhir.Profiles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Capability;

/// <summary>The hub's CapabilityStatement: what the facade really serves.</summary>
public static class CapabilityStatementFactory
{

    public const string SasImplementationGuide = "https://interop.esante.gouv.fr/ig/fhir/sas";
    public const string StartSearchParameter = "https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start";

    /// <summary>
    /// The IG CapabilityStatements (ids) whose server side the hub plays: the publisher's searches (PS, CPTS, SOS), the
    /// SAS platform's appointment endpoints (INT_R03: publishers write appointments here) and the publisher's
    /// regulator-account endpoint (INT_R02: the SAS writes accounts here). Not the SAS-Consommateur-* (client) ones.
    /// </summary>
    public static IReadOnlyList<string> InstantiatedIgStatements { get; } =
    [
        "SAS-GestionnaireAgenda-PsIndiv",
        "SAS-GestionnaireAgenda-CPTS",
        "SAS-GestionnaireAgenda-SOS",
        "SAS-GestionnaireAgenda-RDVpsindiv",
        "SAS-GestionnaireAgenda-RDVSOS",
        "SAS-GestionnaireStructure",
    ];

    /// <summary>Canonical URL of an IG CapabilityStatement by id.</summary>
    public static string IgStatementCanonical(string id) => $"{SasImplementationGuide}/CapabilityStatement/{id}";

    // What a publisher may write through the push API.
    private static readonly HashSet<string> PushedTypes = new(StringComparer.Ordinal)
    {
        "Practitioner", "PractitionerRole", "Schedule", "Slot", "Organization", "HealthcareService", "Location",
    };

    /// <summary>The hub's own operation telling when each practitioner was last solicited (fhir-profiles/README.md).</summary>
    public const string LastSolicitedDefinition = "urn:sas-interop:OperationDefinition:last-solicited";

    /// <summary>When the statement's content last changed (FHIR <c>date</c>): bump it with any change below.</summary>
    public static readonly DateTimeOffset LastChanged = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Canonical of the hub's own <c>hub-near</c> search parameter (fhir-profiles/SearchParameter-slot-hub-near.json).</summary>
    public const string HubNearSearchParameter = "urn:sas-interop:SearchParameter:slot-hub-near";

    /// <summary>Canonical of the hub's own <c>hub-overbooked</c> search parameter (fhir-profiles/SearchParameter-slot-hub-overbooked.json).</summary>
    public const string HubOverbookedSearchParameter = "urn:sas-interop:SearchParameter:slot-hub-overbooked";
    /// <summary>Canonical of the hub's <c>hub-open-now</c> sort key (fhir-profiles/SearchParameter-slot-hub-open-now.json), asked as <c>_sort=hub-open-now</c>.</summary>
    public const string HubOpenNowSearchParameter = "urn:sas-interop:SearchParameter:slot-hub-open-now";

    /// <summary>Canonical of the hub's own <c>$availability</c> operation (fhir-profiles/OperationDefinition-slot-availability.json).</summary>
    public const string AvailabilityOperation = "urn:sas-interop:OperationDefinition:slot-availability";

    public static CapabilityStatement Create(string baseUrl, string softwareVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(softwareVersion);
        var root = baseUrl.TrimEnd('/');

        var statement = new CapabilityStatement
        {
            Url = $"{root}/metadata",
            Name = "SasInteropHub",
            Title = "Sas.Interop hub — SAS slot searches (PS individuel, CPTS, SOS Médecins)",
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(LastChanged),
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Sas.Interop", Version = softwareVersion },
            Implementation = new CapabilityStatement.ImplementationComponent
            {
                Description = "Aggregates publisher agendas and serves them to the SAS platform as the ANS SAS IG makes the SAS ask a publisher (INT_R01 PS individuel, INT_R04 CPTS, SOS Médecins).",
                Url = root,
            },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = [FhirJson.MediaType, "json"],
            ImplementationGuide = [SasImplementationGuide],
            Rest = [new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Slot search (PS individuel, CPTS), Schedule search (SOS Médecins) and metadata; JSON only.",
                Resource =
                [
                    SlotResource(),
                    ScheduleResource(),
                    ProfiledResource(ResourceType.Practitioner, SasProfiles.Practitioner),
                    ProfiledResource(ResourceType.PractitionerRole, SasProfiles.PractitionerRole),
                    ProfiledResource(ResourceType.HealthcareService, SasProfiles.CptsHealthcareService),
                    ProfiledResource(ResourceType.Organization, SasProfiles.CptsOrganization, SasProfiles.SosOrganization),
                    ProfiledResource(ResourceType.Location, SasProfiles.SosLocation),
                    AppointmentResource(),
                ],
                Operation = [LastSolicitedOperation()],
            }],
        };
        AddIgInstantiation(statement);
        AddPush(statement.Rest[0]);
        AddRegulatorAccounts(statement.Rest[0]);
        AddReads(statement.Rest[0]);
        AddStandaloneSearches(statement.Rest[0]);
        return statement;
    }

    // What the IG statements declare the hub serves for real; tests/Sas.Interop.Conformance.Tests holds it to each of them.
    private static void AddIgInstantiation(CapabilityStatement statement) =>
        statement.Instantiates = [.. InstantiatedIgStatements.Select(IgStatementCanonical)];

    /// <summary>
    /// The publisher push API: transaction/batch, (conditional) update of every pushed type, (conditional) delete of
    /// slots; versioned (ETag, If-Match, meta.versionId) but without history reads. Who may read and who may write.
    /// </summary>
    private static void AddPush(CapabilityStatement.RestComponent rest)
    {
        rest.Documentation += " Publishers push through transaction/batch Bundles, PUT and DELETE (Slot).";
        rest.Security = new CapabilityStatement.SecurityComponent
        {
            Description = "Writes need a publisher identity (TLS client certificate, or an API key in X-Api-Key for development); "
                + "searches need a SAS consumer identity once one is configured; /metadata is open. Neither role grants the other.",
        };
        rest.Interaction =
        [
            new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction },
            new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Batch },
        ];
        foreach (var resource in rest.Resource.Where(r => r.Type is not null && PushedTypes.Contains(r.Type)))
        {
            resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update });
            resource.Versioning = CapabilityStatement.ResourceVersionPolicy.VersionedUpdate;
            resource.ReadHistory = false;
            resource.UpdateCreate = true;
            resource.ConditionalUpdate = true;
            if (resource.Type == nameof(ResourceType.Slot))
            {
                resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Delete });
                resource.ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.Single;
            }
        }
    }

    /// <summary>
    /// INT_R02 as the IG's SAS-GestionnaireStructure declares it: the SAS creates and updates regulator accounts
    /// (FrPractitionerRegul) here as it would at each publisher, and the hub relays them to the publishers.
    /// </summary>
    private static void AddRegulatorAccounts(CapabilityStatement.RestComponent rest)
    {
        rest.Documentation += " The SAS sends regulator accounts (INT_R02) with POST Practitioner and PUT Practitioner?identifier=, relayed to each publisher configured for them.";
        rest.Security!.Description += " Regulator accounts (POST/PUT Practitioner) need the SAS consumer identity; the same PUT from a publisher is its push.";
        var practitioner = rest.Resource.Single(r => r.Type == nameof(ResourceType.Practitioner));
        practitioner.SupportedProfile = [.. practitioner.SupportedProfile, RegulatorAccountValidator.Profile];
        practitioner.Interaction.Insert(0, new CapabilityStatement.ResourceInteractionComponent
        {
            Code = CapabilityStatement.TypeRestfulInteraction.Create,
            Documentation = "The SAS only: a regulator account (FrPractitionerRegul). A create naming an identifier already held is an update (200).",
        });
        practitioner.SearchParam.Add(new CapabilityStatement.SearchParamComponent
        {
            Name = "identifier",
            Definition = "http://hl7.org/fhir/SearchParameter/Practitioner-identifier",
            Type = SearchParamType.Token,
            Documentation = "The key of the conditional update PUT Practitioner?identifier=system|value (the SAS: urn:oid:1.2.250.1.71.4.2.1 or urn:oid:1.2.250.1.213.3.6; a publisher: its own identifiers).",
        });
    }

    /// <summary>
    /// Reads by id of every resource type a search answer carries (each entry's fullUrl); no vread: the hub keeps only
    /// the current version of a resource, so <c>/_history/n</c> is not served (404).
    /// </summary>
    private static void AddReads(CapabilityStatement.RestComponent rest)
    {
        rest.Documentation += " Every resource a search answers is read by id (GET [base]/Type/id) while a search would answer it; no vread.";
        foreach (var resource in rest.Resource.Where(r => r.Type is not null && ReadResourceBuilder.ReadableTypes.Contains(r.Type)))
        {
            resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent
            {
                Code = CapabilityStatement.TypeRestfulInteraction.Read,
                Documentation = "Same consumer identity as the searches. 404 when no search would answer the resource now (unknown, withheld, booked, or its source withdrawn).",
            });
        }
    }

    /// <summary>
    /// The searches the IG's SAS-GestionnaireAgenda statements declare on the targets of their chains
    /// (<see cref="ServedResourceSearchParser"/>): each answers what the reads by id serve.
    /// </summary>
    private static void AddStandaloneSearches(CapabilityStatement.RestComponent rest)
    {
        const string Practitioners = Core.Identifiers.KnownIdentifierSystems.PractitionerNationalId;
        const string Structures = Core.Identifiers.KnownIdentifierSystems.StructureNationalId;
        var answers = $"Answers exactly the resources a read by id serves now, as it serves them; comma = OR, 1 to {ServedResourceSearchParser.MaxValues} values; _count caps the entries.";
        rest.Documentation += " Practitioner, Schedule, Location and Organization are also searched on their own (identifier, actor, organization).";
        AddSearch(rest, nameof(ResourceType.Practitioner), ServedResourceSearchParser.Identifier, "Practitioner-identifier", SearchParamType.Token,
            $"Search: {Practitioners}|<8+RPPS or 0+ADELI> or the bare value. {answers}");
        AddSearch(rest, nameof(ResourceType.Schedule), ServedResourceSearchParser.Actor, "Schedule-actor", SearchParamType.Reference,
            $"Without _has: the search by actor, actor=Practitioner/<id>, PractitionerRole/<id>, Location/<id> or a bare id (also actor:Type=<id>), or the chain {ServedResourceSearchParser.ActorPractitionerIdentifier}={Practitioners}|<national id>. {answers}");
        AddSearch(rest, nameof(ResourceType.Location), ServedResourceSearchParser.Organization, "Location-organization", SearchParamType.Reference,
            $"SOS places of consultation: organization=Organization/<id> or a bare id. {answers}");
        AddSearch(rest, nameof(ResourceType.Organization), ServedResourceSearchParser.Identifier, "Organization-identifier", SearchParamType.Token,
            $"{Structures}|<1+FINESS (CPTS) or 3+SIRET (SOS association)> or the bare value. {answers}");
    }

    /// <summary>The search-type interaction and the parameter; a parameter already declared (conditional update, SOS chain) gets the search's text.</summary>
    private static void AddSearch(CapabilityStatement.RestComponent rest, string type, string name, string coreParameter, SearchParamType paramType, string documentation)
    {
        var resource = rest.Resource.Single(r => r.Type == type);
        if (!resource.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.SearchType))
        {
            resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType });
        }

        if (resource.SearchParam.FirstOrDefault(p => p.Name == name) is { } declared)
        {
            declared.Documentation += " Searched on its own: " + documentation;
            return;
        }

        resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent
        {
            Name = name,
            Definition = $"http://hl7.org/fhir/SearchParameter/{coreParameter}",
            Type = paramType,
            Documentation = documentation,
        });
    }

    private static CapabilityStatement.ResourceComponent SlotResource()
    {
        var slot = ProfiledResource(ResourceType.Slot, SasProfiles.Slot, SasProfiles.CptsSlot, SasProfiles.SosSlot);
        slot.Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }];
        slot.SearchInclude =
        [
            SlotSearchParameterNames.IncludeSlotSchedule,
            SlotSearchParameterNames.IncludeScheduleActor,
            SlotSearchParameterNames.IncludeSlotServiceTypeReference,
            SlotSearchParameterNames.IncludeHealthcareServiceOrganization,
        ];
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
                Documentation = $"Only as the chain {SlotSearchParameterNames.PractitionerIdentifier}=urn:oid:1.2.250.1.71.4.2.1|<national id>, comma-separated, 1 to {SlotSearchParser.MaxPractitioners} ids (required, except with {SlotSearchParameterNames.Near}).",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.ServiceType,
                Definition = "http://hl7.org/fhir/SearchParameter/Slot-service-type",
                Type = SearchParamType.Token,
                Documentation = "Hub extension beyond the IG: consultation mode as the IG codes it in Slot.serviceType (v3-ActCode AMB, HH, VR), bare or system|code; a comma means OR, a repeated parameter AND.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Specialty,
                Definition = "http://hl7.org/fhir/SearchParameter/Slot-specialty",
                Type = SearchParamType.Token,
                Documentation = $"Beyond the IG's query: a code of Slot.specialty or of the PractitionerRole's specialty (TRE_R38, e.g. SM54, or SNOMED CT), bare or system|code; a comma means OR, a repeated parameter AND; at most {SlotSearchParser.MaxSpecialtyCodes} codes. Codes are not checked against the value set (an unknown one matches nothing); a text-only specialty never matches.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Security,
                Definition = "http://hl7.org/fhir/SearchParameter/Resource-security",
                Type = SearchParamType.Token,
                Documentation = "Hub extension beyond the IG: slot type as the IG codes it in Slot.meta.security (TRE_R314 PUBLIC, PRO, SNP, CPTS), bare or system|code; a comma means OR, a repeated parameter AND.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Near,
                Definition = HubNearSearchParameter,
                Type = SearchParamType.Special,
                Documentation = $"Hub extension beyond the IG: latitude|longitude|distance|unit (FHIR R4 Location near syntax; unit km or m, default {SlotSearchParser.DefaultNearKilometres} km, at most {SlotSearchParser.MaxNearKilometres} km) around the slot's place of consultation. Slots are then ordered by distance, then start; each match entry carries search.extension location-distance (km). The practitioner list becomes optional. Places are positioned from Location.position or their postal code; a place with neither is never returned.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Overbooked,
                Definition = HubOverbookedSearchParameter,
                Type = SearchParamType.Token,
                Documentation = "Hub extension beyond the IG: true keeps only the slots the publisher marks Slot.overbooked (surbooking), false only the others; once at most. Also on $availability.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.Sort,
                Definition = HubOpenNowSearchParameter,
                Type = SearchParamType.Special,
                Documentation = $"Hub extension beyond the IG: {SlotSearchParameterNames.Sort}={SlotSearchParameterNames.SortOpenNow} (the only sort offered) puts first the slots whose place is open at search time by its opening hours (Location.hoursOfOperation, Europe/Paris time), then the others; each part keeps the usual order (start, or distance then start with {SlotSearchParameterNames.Near}). A place without opening hours is not known to be open.",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = SlotSearchParameterNames.PractitionerCommunication,
                Definition = "http://hl7.org/fhir/SearchParameter/Practitioner-communication",
                Type = SearchParamType.Token,
                Documentation = "Beyond the IG's query: the slot's practitioner speaks the language, a BCP-47 tag (urn:ietf:bcp:47), bare or system|code, any case (fr, en, pt-BR); en also matches en-GB (RFC 4647 basic filtering); a comma means OR, a repeated parameter AND. The served Practitioner carries its languages in communication.",
            },
        ];
        slot.Operation =
        [
            new CapabilityStatement.OperationComponent
            {
                Name = "availability",
                Definition = AvailabilityOperation,
                Documentation = $"Hub extension: GET [base]/Slot/$availability?{AvailabilityRequestParser.PractitionerIdentifier}=…&from=<instant> (default now) answers a Parameters resource: per practitioner (1 to {SlotSearchParser.MaxPractitioners}), free slots starting within 2h, 4h, 6h, 12h, half-day (to the end of the Europe/Paris half-day: 12:00 or midnight) and day (to the next Paris midnight), in total and per consultation mode (AMB, HH, VR); service-type and _security filter the slots counted as in the search.",
            },
        ];
        return slot;
    }

    private static CapabilityStatement.ResourceComponent ScheduleResource()
    {
        var schedule = ProfiledResource(ResourceType.Schedule, SasProfiles.Schedule, SasProfiles.SosSchedule);
        schedule.Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType }];
        schedule.SearchInclude = [SosScheduleSearchParser.IncludeLocation, "Location:organization"];
        schedule.SearchRevInclude = [SosScheduleSearchParser.RevIncludeSlotSchedule];
        schedule.SearchParam =
        [
            new CapabilityStatement.SearchParamComponent
            {
                Name = "_has",
                Type = SearchParamType.Special,
                Documentation = $"SOS Médecins and structure agendas: {SosScheduleSearchParser.Start}=ge… and =le… (the window, required), {SosScheduleSearchParser.Status}=free (required).",
            },
            new CapabilityStatement.SearchParamComponent
            {
                Name = "actor",
                Definition = "http://hl7.org/fhir/SearchParameter/Schedule-actor",
                Type = SearchParamType.Reference,
                Documentation = $"SOS Médecins search, generalised to any structure agenda: as the chain {SosScheduleSearchParser.OrganizationIdentifier}=urn:oid:1.2.250.1.71.4.2.2|3<SIRET> (SOS association, as the IG) or |1<FINESS> (centre de santé, MSP…: hub extension), prefixed or bare, comma-separated, 1 to {SosScheduleSearchParser.MaxOrganizations} structures (required); an RPPS/ADELI rang is a 400.",
            },
        ];
        return schedule;
    }

    // INT_R03 as the IG's SAS-GestionnaireAgenda-RDV* statements declare it: the hub stands where the SAS would.
    private static CapabilityStatement.ResourceComponent AppointmentResource()
    {
        var appointment = ProfiledResource(ResourceType.Appointment, AppointmentValidator.PsProfile, AppointmentValidator.SosProfile);
        appointment.Interaction =
        [
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create, Documentation = "Publishers only. A create of an identifier already held is an update (200)." },
            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Update, Documentation = "Publishers only, as the conditional update PUT Appointment?identifier=system|value." },
        ];
        appointment.UpdateCreate = true;

        // Appointments are relayed, not versioned: no ETag, If-Match is refused (412), no history.
        appointment.Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion;
        appointment.ReadHistory = false;
        appointment.ConditionalCreate = false;
        appointment.ConditionalUpdate = true;
        appointment.SearchParam =
        [
            new CapabilityStatement.SearchParamComponent
            {
                Name = "identifier",
                Definition = "http://hl7.org/fhir/SearchParameter/Appointment-identifier",
                Type = SearchParamType.Token,
                Documentation = "Only as the key of the conditional update (lower-case name).",
            },
        ];
        return appointment;
    }

    private static CapabilityStatement.OperationComponent LastSolicitedOperation() => new()
    {
        Name = "last-solicited",
        Definition = LastSolicitedDefinition,
        Documentation = "Hub extension (not in the IG): GET [base]/$last-solicited?practitioner=<national id>[,…] (1 to 25) answers a Parameters resource with, per practitioner, "
            + "the time the hub last received an SAS appointment for them (lastSolicited, absent if never) and how many (appointments), so the SAS can spread unscheduled care fairly.",
    };

    private static CapabilityStatement.ResourceComponent ProfiledResource(ResourceType type, params string[] profiles) => new()
    {
        Type = type.ToString(),
        SupportedProfile = [.. profiles],
    };
}
