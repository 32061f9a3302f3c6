using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Issue #18 item 7: opening hours of every PS place (contained Location.hoursOfOperation, else
/// PractitionerRole.availableTime) carried and served, and <c>_sort=hub-open-now</c> putting the places open at search
/// time (Paris) first. Publisher FHIR pushed → the SAS's answer, under an injected clock.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class OpenNowFirstEndToEndTests
{
    // Tuesday 10 March 2026, 09:30 in Paris (UTC+1).
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 3, 10, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SlotDay = new(2026, 3, 10, 0, 0, 0, TimeSpan.FromHours(1));

    [Test]
    public async Task Open_places_come_first_at_search_time_and_the_hours_are_served()
    {
        var clock = new FakeTimeProvider(TuesdayMorning);
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(clock));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };

        // Mornings on weekdays, by its Location; Tuesday afternoons, by the role's availableTime; no hours at all.
        AddPractitioner(transaction, "mornings", "810000000011", SlotDay.AddHours(12), role => ((Location)role.Contained[0]).HoursOfOperation =
            [new Location.HoursOfOperationComponent { DaysOfWeek = [DaysOfWeek.Mon, DaysOfWeek.Tue, DaysOfWeek.Wed, DaysOfWeek.Thu, DaysOfWeek.Fri], OpeningTime = "08:00:00", ClosingTime = "12:00:00" }]);
        AddPractitioner(transaction, "afternoons", "810000000022", SlotDay.AddHours(11), role => role.AvailableTime =
            [new PractitionerRole.AvailableTimeComponent { DaysOfWeek = [DaysOfWeek.Tue], AvailableStartTime = "14:00:00", AvailableEndTime = "18:00:00" }]);
        AddPractitioner(transaction, "unknown", "810000000033", SlotDay.AddHours(10), _ => { });
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);

        Assert.That(MatchIds(await SearchAsync(hub, "")), Is.EqualTo(new[] { "unknown-slot", "afternoons-slot", "mornings-slot" }), "without _sort: by start");
        var morning = await SearchAsync(hub, "&_sort=hub-open-now");
        Assert.That(MatchIds(morning), Is.EqualTo(new[] { "mornings-slot", "unknown-slot", "afternoons-slot" }), "09:30: the morning practice is open");
        Assert.That(morning.Total, Is.EqualTo(3));

        clock.SetUtcNow(TuesdayMorning.AddHours(5.5));
        Assert.That(MatchIds(await SearchAsync(hub, "&_sort=hub-open-now")), Is.EqualTo(new[] { "afternoons-slot", "unknown-slot", "mornings-slot" }), "15:00: the afternoon one");
        Assert.That(MatchIds(await SearchAsync(hub, "&_sort=hub-open-now&_count=1")), Is.EqualTo(new[] { "afternoons-slot" }), "the page is cut after the sort");
        Assert.That(MatchIds(await SearchAsync(hub, "&_sort=hub-open-now&hub-near=44.2033|0.6163|10|km")), Is.EqualTo(new[] { "afternoons-slot", "unknown-slot", "mornings-slot" }), "with hub-near: open first, then distance and start");

        var roles = morning.Entry.Select(e => e.Resource).OfType<PractitionerRole>().ToDictionary(r => r.Id);
        var mornings = ((Location)roles["push-alpha.role-mornings"].Contained[0]).HoursOfOperation.Single();
        var afternoons = ((Location)roles["push-alpha.role-afternoons"].Contained[0]).HoursOfOperation.Single();
        Assert.That((mornings.DaysOfWeek.Count(), mornings.OpeningTime, mornings.ClosingTime), Is.EqualTo((5, "08:00:00", "12:00:00")));
        Assert.That((afternoons.DaysOfWeek.Single(), afternoons.OpeningTime, afternoons.ClosingTime), Is.EqualTo(((DaysOfWeek?)DaysOfWeek.Tue, "14:00:00", "18:00:00")), "availableTime served as the Location's hours");
        Assert.That(((Location)roles["push-alpha.role-unknown"].Contained[0]).HoursOfOperation, Is.Empty);
    }

    [TestCase("_sort=start")]
    [TestCase("_sort=hub-open-now&_sort=hub-open-now")]
    public async Task Another_sort_is_a_400_OperationOutcome(string sort)
    {
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(TuesdayMorning)));

        var outcome = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/Slot?start=ge2026-03-10T00:00:00Z&start=le2026-03-12T00:00:00Z&status=free&schedule.actor:Practitioner.identifier=810000000011&{sort}"), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain("_sort"));
    }

    private static async Task<Bundle> SearchAsync(RunningHub hub, string more)
    {
        const string Ids = "urn:oid:1.2.250.1.71.4.2.1|810000000011,urn:oid:1.2.250.1.71.4.2.1|810000000022,urn:oid:1.2.250.1.71.4.2.1|810000000033";
        var ids = more.Contains("hub-near", StringComparison.Ordinal) ? "" : "&schedule.actor:Practitioner.identifier=" + Ids;
        var url = $"fhir/Slot?start=ge2026-03-10T00:00:00Z&start=le2026-03-12T00:00:00Z&status=free{ids}&_include=Slot:schedule&_include:iterate=Schedule:actor{more}";
        return await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(url), HttpStatusCode.OK);
    }

    private static string[] MatchIds(Bundle answer) =>
        [.. answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id["push-alpha.".Length..])];

    private static void AddPractitioner(Bundle transaction, string key, string nationalId, DateTimeOffset slotStart, Action<PractitionerRole> hours)
    {
        var role = PsAgendaResources.Role("role-" + key, key, new PracticePlace("Cabinet " + key, ["1 rue de la Paix"], "Agen", "47000", []));
        hours(role);
        Resource[] resources =
        [
            PsAgendaResources.Practitioner(key, nationalId, key.ToUpperInvariant(), "Anne"),
            role,
            PsAgendaResources.Schedule("sched-" + key, key, role.Id),
            PsAgendaResources.Slot(key + "-slot", "sched-" + key, slotStart, slotStart.AddMinutes(15), true, ConsultationModes.Ambulatory, [], null),
        ];
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
