using Sas.Interop.Testing;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// The conformance table. Request strings are the IG's, verbatim where the IG gives one (digest §2), with the
/// window adapted only where the IG's own example request does not cover its example bundle (said per row).
/// To add a flow once the hub serves it: drop its <c>NotServedYet</c>.
/// </summary>
internal static class ConformanceCases
{
    private const string SasSd = "http://sas.fr/fhir/StructureDefinition/";
    private const string AnsSd = "https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/";
    private const string PsIds = "schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075";
    private const string PsIncludes = "_include=Slot:schedule&_include:iterate=Schedule:actor";

    public static IReadOnlyList<ConformanceCase> All { get; } =
    [
        new(
            "PS individuel",
            SearchFlow.Ps,
            IgPackage.PsBundle,
            ["810002673899", "10100050075"],
            new DateTimeOffset(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero),
            SasSd + "BundleAgregateur",
            new Dictionary<string, string>
            {
                ["Slot"] = SasSd + "FrSlotAgregateur",
                ["Schedule"] = SasSd + "FrScheduleAgregateur",
                ["Practitioner"] = SasSd + "FrPractitionerAgregateur",
                ["PractitionerRole"] = SasSd + "FrPractitionerRoleExerciceAgregateur",
                ["Location"] = SasSd + "FrLocationAgregateur",
            },
            "Slot",
            [
                // The example bundle's self link and the FAQ: %7C, unencoded '+' in the offsets, _count.
                new("FAQ self link", $"Slot?{PsIncludes}&status=free&start=ge2021-11-04T14:19:35.760+00:00&start=le2021-11-06T23:59:59.999+00:00&{PsIds}&_count=1000", Expectation.ExampleSlots),

                // The technical page's shape (raw '|', a space after the comma, dates without offset), on the example's practitioners and a window covering it.
                new("technical page form", $"Slot?{PsIncludes}&start=ge2021-11-04T10:00:00&start=le2021-11-07T10:00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810002673899, urn:oid:1.2.250.1.71.4.2.1|810100050075&status=free", Expectation.ExampleSlots),

                // The technical page's request verbatim: practitioners nobody synced.
                new("technical page verbatim (unknown practitioners)", $"Slot?{PsIncludes}&start=ge2021-01-02T10:00:00&start=le2021-01-06T10:00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810101288385, urn:oid:1.2.250.1.71.4.2.1|800001288385,urn:oid:1.2.250.1.71.4.2.1|810106738385&status=free", Expectation.EmptySearchset),

                new("no end of window", $"Slot?{PsIncludes}&start=ge2021-11-04T10:00:00&{PsIds}&status=free", Expectation.BadRequest),
                new("malformed date", $"Slot?{PsIncludes}&start=ge2021-11-04T25:00:00&start=le2021-11-07T10:00:00&{PsIds}&status=free", Expectation.BadRequest),
                new("status other than free", $"Slot?{PsIncludes}&start=ge2021-11-04T10:00:00&start=le2021-11-07T10:00:00&{PsIds}&status=busy", Expectation.BadRequest),
                new("26 practitioners", $"Slot?{PsIncludes}&start=ge2021-11-04T10:00:00&start=le2021-11-07T10:00:00&schedule.actor:Practitioner.identifier={string.Join(",", Enumerable.Range(0, 26).Select(i => $"urn:oid:1.2.250.1.71.4.2.1%7C8100000000{i:00}"))}&status=free", Expectation.BadRequest),
                new("unknown parameter", $"Slot?{PsIncludes}&start=ge2021-11-04T10:00:00&start=le2021-11-07T10:00:00&{PsIds}&status=free&appointment-type=ROUTINE", Expectation.BadRequest),
            ]),
        new(
            "CPTS (one CPTS)",
            SearchFlow.Cpts,
            IgPackage.CptsBundle1,
            ["810002909371"],
            new DateTimeOffset(2024, 6, 12, 16, 20, 0, TimeSpan.FromHours(2)),
            AnsSd + "sas-cpts-bundle-aggregator",
            CptsProfiles(),
            "Slot",
            CptsRequests()),
        new(
            "CPTS (slot visible to two CPTS)",
            SearchFlow.Cpts,
            IgPackage.CptsBundle2,
            ["810002909371"],
            new DateTimeOffset(2024, 6, 12, 16, 20, 0, TimeSpan.FromHours(2)),
            AnsSd + "sas-cpts-bundle-aggregator",
            CptsProfiles(),
            "Slot",
            CptsRequests()),
        new(
            "SOS Médecins",
            SearchFlow.Sos,
            IgPackage.SosBundle,
            ["334173748400020", "392080466300010"],
            new DateTimeOffset(2023, 8, 18, 9, 0, 0, TimeSpan.FromHours(2)),
            AnsSd + "sas-sos-bundle-aggregator",
            new Dictionary<string, string>
            {
                ["Slot"] = AnsSd + "sas-sos-slot-aggregator",
                ["Schedule"] = AnsSd + "sas-sos-schedule-aggregator",
                ["Location"] = AnsSd + "sas-sos-location-aggregator",
                ["Organization"] = AnsSd + "sas-sos-organization-aggregator",
            },
            "Schedule",
            [
                // The example bundle's self link / FAQ form.
                new("FAQ self link", "Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00+02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000", Expectation.ExampleSlots),

                // The technical page verbatim: '…4.2.27C334…' (a lost '%') is not a SIRET token.
                new("technical page verbatim (typo 4.2.27C)", "Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T10:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T09:00:00+02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.27C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C340426662900033", Expectation.BadRequest),

                // The same, corrected; the window starts at 09:00 so that the example's first slot (09:00) is inside,
                // and the second SIRET is the example's (the page's 340426662900033 is in no example).
                new("technical page corrected", "Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T09:00:00+02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010", Expectation.ExampleSlots),

                new("unknown association", "Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T09:00:00+02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C340426662900033", Expectation.EmptySearchset),
            ]),
    ];

    private static Dictionary<string, string> CptsProfiles() => new()
    {
        ["Slot"] = AnsSd + "sas-cpts-slot-aggregator",
        ["Schedule"] = SasSd + "FrScheduleAgregateur",
        ["Practitioner"] = SasSd + "FrPractitionerAgregateur",
        ["PractitionerRole"] = SasSd + "FrPractitionerRoleExerciceAgregateur",
        ["Location"] = SasSd + "FrLocationAgregateur",
        ["HealthcareService"] = AnsSd + "sas-cpts-healthcareservice-aggregator",
        ["Organization"] = AnsSd + "sas-cpts-organization-aggregator",
    };

    private static IgRequest[] CptsRequests() =>
    [
        // The technical page verbatim (72 h window; the second practitioner is in no example).
        new("technical page verbatim", "Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&start=ge2024-06-12T16:20:00.000+02:00&start=le2024-06-15T16:20:00.000+02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810002909371,urn:oid:1.2.250.1.71.4.2.1|810001288385&status=free", Expectation.ExampleSlots),

        // The example bundles' self link: one include short, yet the IG returns the Organization.
        new("example self link", "Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2024-06-12T16:20:00.000+02:00&start=le2024-06-12T17:20:00.000+02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810002909371&status=free&_include=Slot:service-type-reference", Expectation.ExampleSlots),

        new("unknown practitioner", "Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&start=ge2024-06-12T16:20:00.000+02:00&start=le2024-06-15T16:20:00.000+02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810001288385&status=free", Expectation.EmptySearchset),
    ];
}
