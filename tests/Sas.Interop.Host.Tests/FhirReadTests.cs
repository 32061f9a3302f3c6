using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// <c>GET /fhir/Type/id</c> (issue #17): every entry a search answers reads, by its fullUrl, as the same resource, and
/// only while a search would answer it (src/Sas.Interop.Core/truth.md).
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class FhirReadTests
{
    internal const string ConsumerKey = "sas-consumer-key-5e1d";

    internal static readonly DateTimeOffset PsNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);
    internal static readonly DateTimeOffset CptsNow = new(2024, 6, 12, 16, 20, 0, TimeSpan.FromHours(2));
    internal static readonly DateTimeOffset SosNow = new(2023, 8, 18, 9, 0, 0, TimeSpan.FromHours(2));

    internal const string CptsSearch = "fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&start=ge2024-06-12T16:20:00.000%2B02:00&start=le2024-06-15T16:20:00.000%2B02:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810002909371&status=free";
    internal const string SosSearch = "fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge2023-08-18T09:00:00%2B02:00&_has:Slot:schedule:start=le2023-08-20T09:00:00%2B02:00&_has:Slot:schedule:status=free&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010";

    public static IEnumerable<TestCaseData> Flows()
    {
        yield return new TestCaseData(IgPackage.PsBundle, PsNow, PushClient.PsExampleSearch(), new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole" }).SetArgDisplayNames("PS");
        yield return new TestCaseData(IgPackage.CptsBundle2, CptsNow, CptsSearch, new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole", "HealthcareService", "Organization" }).SetArgDisplayNames("CPTS");
        yield return new TestCaseData(IgPackage.SosBundle, SosNow, SosSearch, new[] { "Schedule", "Slot", "Location", "Organization" }).SetArgDisplayNames("SOS");
    }

    [TestCaseSource(nameof(Flows))]
    public async Task Every_entry_of_a_pushed_answer_reads_by_its_fullUrl_as_the_same_resource(string example, DateTimeOffset now, string search, string[] types)
    {
        await using var hub = await StartAsync(now);
        await PushAsync(hub, example);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(search), HttpStatusCode.OK);

        Assert.That(answer.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EquivalentTo(types), "the answer holds every type of its flow");
        await AssertEveryEntryReadsAsItIsAsync(hub.Http, answer);
    }

    [Test]
    public async Task An_unknown_id_is_404_not_found_a_bad_id_400_and_an_unknown_type_or_a_history_keeps_the_404()
    {
        await using var hub = await StartAsync(PsNow);
        await PushAsync(hub, IgPackage.PsBundle);
        var slotUrl = (await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK)).Entry[0].FullUrl;

        foreach (var type in new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole", "Location", "HealthcareService", "Organization" })
        {
            var unknown = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/push-alpha.nobody"), HttpStatusCode.NotFound);
            Assert.That(unknown.Issue[0].Code, Is.EqualTo(OperationOutcome.IssueType.NotFound), type);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/no-dot-at-all"), HttpStatusCode.NotFound);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/push-alpha.h{new string('0', 32)}"), HttpStatusCode.NotFound);
            var bad = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/bad%20id"), HttpStatusCode.BadRequest);
            Assert.That(bad.Issue[0].Code, Is.EqualTo(OperationOutcome.IssueType.Invalid), type);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/{new string('a', 65)}"), HttpStatusCode.BadRequest);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/{type}/a_b"), HttpStatusCode.BadRequest);
        }

        // No vread (the hub keeps no history), as the CapabilityStatement says; unknown types stay unserved.
        await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync(slotUrl + "/_history/1"), HttpStatusCode.NotFound);
        await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync("fhir/Appointment/push-alpha.x"), HttpStatusCode.NotFound);
        await FhirAssert.ReadAsync<Slot>(await hub.Http.GetAsync(slotUrl), HttpStatusCode.OK);
    }

    [Test]
    public async Task A_slot_whose_served_id_is_hashed_reads_by_it()
    {
        await using var hub = await StartAsync(PsNow);
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = PushClient.PsExampleTransaction();
        foreach (var entry in transaction.Entry.Where(e => e.Resource is Slot))
        {
            // 60 characters: with "push-alpha." in front, too long for a readable FHIR id.
            entry.Resource!.Id = entry.Resource.Id.PadRight(60, 'x');
            entry.Request.Url = $"Slot/{entry.Resource.Id}";
        }

        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);

        Assert.That(answer.Entry.Where(e => e.Resource is Slot).Select(e => e.Resource!.Id), Has.All.Match(@"^push-alpha\.h[0-9a-f]{32}$"));
        await AssertEveryEntryReadsAsItIsAsync(hub.Http, answer);
    }

    [Test]
    public async Task Deleted_pushed_slots_are_404_and_so_is_what_only_they_pointed_to()
    {
        await using var hub = await StartAsync(PsNow);
        using var alpha = await PushAsync(hub, IgPackage.PsBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);

        foreach (var slot in IgPackage.ReadBundle(IgPackage.PsBundle).Entry.Select(e => e.Resource).OfType<Slot>())
        {
            Assert.That((await alpha.Http.DeleteAsync($"fhir/Slot/{slot.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await AssertNoEntryReadsAsync(hub.Http, answer);
    }

    [Test]
    public async Task A_slot_pushed_busy_is_404_and_the_other_slots_still_read()
    {
        await using var hub = await StartAsync(PsNow);
        using var alpha = await PushAsync(hub, IgPackage.PsBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        var slots = IgPackage.ReadBundle(IgPackage.PsBundle).Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        var booked = slots[0];
        booked.Status = Slot.SlotStatus.Busy;
        Assert.That((await alpha.Http.PutAsync($"fhir/Slot/{booked.Id}", PushClient.Json(booked))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var read = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync($"fhir/Slot/push-alpha.{booked.Id}"), HttpStatusCode.NotFound);
        Assert.That(read.Issue[0].Code, Is.EqualTo(OperationOutcome.IssueType.NotFound));
        var stillFree = answer.Entry.Where(e => e.Resource is Slot s && s.Id != $"push-alpha.{booked.Id}").ToList();
        Assert.That(stillFree, Is.Not.Empty);
        foreach (var entry in stillFree)
        {
            await FhirAssert.ReadAsync<Slot>(await hub.Http.GetAsync(entry.FullUrl), HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task A_stale_slot_reads_with_its_tag_and_past_Sync_WithholdAfter_nothing_of_the_source_reads()
    {
        var clock = new FakeTimeProvider(SosNow);
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(clock));
        await PushAsync(hub, IgPackage.SosBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(SosSearch), HttpStatusCode.OK);
        await AssertEveryEntryReadsAsItIsAsync(hub.Http, answer);

        // Past Sync:StaleAfter a slot is still served, tagged stale, and reads so.
        clock.Advance(TimeSpan.FromHours(1));
        var stale = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(SosSearch), HttpStatusCode.OK);
        Assert.That(stale.Entry.Select(e => e.Resource).OfType<Slot>().SelectMany(s => s.Meta.Tag).Select(t => t.Code), Has.Some.EqualTo("stale"));
        await AssertEveryEntryReadsAsItIsAsync(hub.Http, stale);

        clock.Advance(TimeSpan.FromHours(24));

        await AssertNoEntryReadsAsync(hub.Http, answer);
    }

    [Test]
    public async Task A_practitioner_removed_from_the_roster_is_404_after_the_restart_and_the_others_still_read()
    {
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "reads", PractitionerCount = 3, Seed = 5, Days = 2 }, CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        var all = publisher.PractitionerIds;
        Bundle removedAnswer, keptAnswer;
        await using (var before = await StartOnAsync(database, RunningHub.Connector("sim", publisher.BaseUrl, all, schedule: "manual")))
        {
            var sync = await before.Http.PostAsync("admin/connectors/sim/sync", null);
            Assert.That((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            removedAnswer = await SearchAsync(before, all[0]);
            keptAnswer = await SearchAsync(before, all[1]);
            Assert.That(removedAnswer.Entry.Select(e => e.Resource!.TypeName).Distinct(), Is.EquivalentTo(new[] { "Slot", "Schedule", "Practitioner", "PractitionerRole" }));
            await AssertEveryEntryReadsAsItIsAsync(before.Http, removedAnswer);
        }

        await using var after = await StartOnAsync(database, RunningHub.Connector("sim", publisher.BaseUrl, all.Skip(1), schedule: "manual"));

        await AssertNoEntryReadsAsync(after.Http, Rebased(removedAnswer, after));
        await AssertEveryEntryReadsAsItIsAsync(after.Http, Rebased(keptAnswer, after));
    }

    [Test]
    public async Task With_a_consumer_configured_a_read_needs_the_consumer_identity()
    {
        await using var hub = await RunningHub.StartAsync(
            PushClient.Settings(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey }),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(PsNow)));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var consumer = new PushClient(hub, ConsumerKey);
        using var anonymous = new PushClient(hub, apiKey: null);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var answer = await FhirAssert.ReadAsync<Bundle>(await consumer.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);

        foreach (var entry in answer.Entry)
        {
            await FhirAssert.ReadOutcomeAsync(await anonymous.Http.GetAsync(entry.FullUrl), HttpStatusCode.Unauthorized);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync(entry.FullUrl), HttpStatusCode.Unauthorized); // the admin key is not a SAS identity
            await FhirAssert.ReadOutcomeAsync(await alpha.Http.GetAsync(entry.FullUrl), HttpStatusCode.Forbidden);
        }

        await AssertEveryEntryReadsAsItIsAsync(consumer.Http, answer);
    }

    /// <summary>Each entry's fullUrl answers 200 with the entry's resource, as JSON, byte for byte.</summary>
    internal static async Task AssertEveryEntryReadsAsItIsAsync(HttpClient http, Bundle answer)
    {
        Assert.That(answer.Entry, Is.Not.Empty);
        foreach (var entry in answer.Entry)
        {
            var read = await FhirAssert.ReadAsync<Resource>(await http.GetAsync(entry.FullUrl), HttpStatusCode.OK);
            Assert.That(FhirJson.Serialize(read), Is.EqualTo(FhirJson.Serialize(entry.Resource!)), entry.FullUrl);
        }
    }

    private static async Task AssertNoEntryReadsAsync(HttpClient http, Bundle answer)
    {
        Assert.That(answer.Entry, Is.Not.Empty);
        foreach (var entry in answer.Entry)
        {
            var outcome = await FhirAssert.ReadOutcomeAsync(await http.GetAsync(entry.FullUrl), HttpStatusCode.NotFound);
            Assert.That(outcome.Issue[0].Code, Is.EqualTo(OperationOutcome.IssueType.NotFound), entry.FullUrl);
        }
    }

    internal static Task<RunningHub> StartAsync(DateTimeOffset now) =>
        RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));

    internal static Task<RunningHub> StartOnAsync(TestDatabase database, Dictionary<string, string> settings)
    {
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings);
    }

    internal static async Task<PushClient> PushAsync(RunningHub hub, string example)
    {
        var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(ExampleTransaction(example)), HttpStatusCode.OK);
        return alpha;
    }

    // The CPTS examples' fullUrls ("https://<base_URl>/…") are not URIs: a base that is, then PushClient's transaction.
    private static Bundle ExampleTransaction(string example)
    {
        var searchset = new FhirJsonDeserializer().Deserialize<Bundle>(IgPackage.ReadExample(example).Replace("<base_URl>", "base.example", StringComparison.Ordinal));
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in searchset.Entry.Select(e => e.Resource).OfType<Resource>().Where(r => r is not OperationOutcome))
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        return transaction;
    }

    internal static async Task<Bundle> SearchAsync(RunningHub hub, string practitioner)
    {
        var now = DateTimeOffset.UtcNow;
        var query = $"_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{Iso(now.AddHours(-1))}&start=le{Iso(now.AddDays(3))}&status=free&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C{practitioner}";
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync("fhir/Slot?" + query), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.GreaterThan(0), practitioner);
        return answer;
    }

    // A restarted hub listens on another port: the same entries, under its base.
    internal static Bundle Rebased(Bundle answer, RunningHub hub)
    {
        var copy = (Bundle)answer.DeepCopy();
        foreach (var entry in copy.Entry)
        {
            entry.FullUrl = $"{hub.BaseUrl}fhir/{entry.Resource!.TypeName}/{entry.Resource.Id}";
        }

        return copy;
    }

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
