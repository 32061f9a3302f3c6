using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #21: a plugin sets slot types, specialty and the place's position through the contract alone
/// (<see cref="PsAgendaResources"/>, <see cref="ConnectorCodeSystems"/>), and the SAS's answers show them: found by
/// <c>hub-near</c> at the position given (not the postal code's), filtered by <c>_security</c> and <c>specialty</c>,
/// served with their types; a CPTS-only slot is left out of the PS-individuel answer.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class ConnectorContractEndToEndTests
{
    private const double PatientLatitude = 44.2033;
    private const double PatientLongitude = 0.6163;
    private const string NearRpps = "810000000011";
    private const string FarRpps = "810000000022";
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Slot_types_specialty_and_position_set_through_the_contract_reach_the_SAS_answers()
    {
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };

        // ~5 km from the patient by its position, although its postal code is Paris's.
        AddAll(transaction, Practitioner("near", NearRpps, PatientLatitude - 0.045, "75001", ("near-snp", SlotTypes.Public | SlotTypes.Snp), ("near-pro", SlotTypes.Pro), ("near-cpts", SlotTypes.Cpts)));
        // ~50 km away by its position, although its postal code is the patient's (Agen).
        AddAll(transaction, Practitioner("far", FarRpps, PatientLatitude + 0.45, "47000", ("far-snp", SlotTypes.Snp)));
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);

        var near = string.Create(CultureInfo.InvariantCulture, $"{PatientLatitude}|{PatientLongitude}|10|km");
        var regulation = await SearchAsync(hub, $"hub-near={near}&_security={ConnectorCodeSystems.SlotTypeSnp}&specialty={ConnectorCodeSystems.SpecialiteMedecineGenerale}");
        Assert.That(MatchIds(regulation), Is.EqualTo(new[] { "near-snp" }), "by position, SNP and SM54");
        var slot = (Slot)regulation.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Resource;
        Assert.That(slot.Meta.Security.Select(c => (c.System, c.Code)), Is.EqualTo(new[] { (ConnectorCodeSystems.SlotType, "PUBLIC"), (ConnectorCodeSystems.SlotType, "SNP") }));
        var role = regulation.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single();
        Assert.That(role.Specialty.Single().Coding.Single().Code, Is.EqualTo("SM54"));

        var byPractitioner = await SearchAsync(hub, $"schedule.actor:Practitioner.identifier={ConnectorCodeSystems.PractitionerNationalId}|{NearRpps}");
        Assert.That(MatchIds(byPractitioner), Is.EquivalentTo(new[] { "near-snp", "near-pro" }), "a CPTS-only slot is not in the PS-individuel answer");
        Assert.That(byPractitioner.Entry.Select(e => e.Resource).OfType<Slot>().Single(s => s.Id.EndsWith("near-pro", StringComparison.Ordinal)).Meta.Security.Single().Code, Is.EqualTo("PRO"));
    }

    private static List<Resource> Practitioner(string key, string rpps, double latitude, string postalCode, params (string Id, SlotTypes Types)[] slots)
    {
        var place = new PracticePlace("Cabinet " + key, ["1 rue de la Paix"], "Agen", postalCode, []) { Latitude = latitude, Longitude = PatientLongitude };
        var role = PsAgendaResources.Role("role-" + key, key, place, new PsRoleDetails { Specialties = [Specialty.Ordinale(ConnectorCodeSystems.SpecialiteMedecineGenerale)] });
        List<Resource> resources = [PsAgendaResources.Practitioner(key, rpps, key.ToUpperInvariant(), "Anne"), role, PsAgendaResources.Schedule("sched-" + key, key, role.Id)];
        var start = Now.AddHours(2);
        resources.AddRange(slots.Select((s, i) => PsAgendaResources.Slot(s.Id, "sched-" + key, start.AddMinutes(20 * i), start.AddMinutes((20 * i) + 15), true, ConsultationModes.Ambulatory, [], null, new PsSlotDetails { Types = s.Types })));
        return resources;
    }

    private static async Task<Bundle> SearchAsync(RunningHub hub, string query) =>
        await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?start=ge2026-03-10T00:00:00Z&start=le2026-03-12T00:00:00Z&status=free&_include=Slot:schedule&_include:iterate=Schedule:actor&{query}"), HttpStatusCode.OK);

    private static string[] MatchIds(Bundle answer) =>
        [.. answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id["push-alpha.".Length..])];

    private static void AddAll(Bundle transaction, IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }
    }
}
