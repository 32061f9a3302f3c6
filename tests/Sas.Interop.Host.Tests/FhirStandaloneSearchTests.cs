using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;
using static Sas.Interop.Host.Tests.FhirReadTests;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The searches the IG's CapabilityStatements declare on the targets of their chains (issue #17):
/// <c>Practitioner?identifier=</c>, <c>Schedule?actor=</c>, <c>Location?organization=</c>, <c>Organization?identifier=</c>.
/// Each answers exactly what a read by id serves now, as the read serves it.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class FhirStandaloneSearchTests
{
    private const string PractitionerSystem = "urn:oid:1.2.250.1.71.4.2.1";
    private const string StructureSystem = "urn:oid:1.2.250.1.71.4.2.2";

    public static IEnumerable<TestCaseData> Flows()
    {
        yield return new TestCaseData(IgPackage.PsBundle, PsNow, PushClient.PsExampleSearch()).SetArgDisplayNames("PS");
        yield return new TestCaseData(IgPackage.CptsBundle2, CptsNow, CptsSearch).SetArgDisplayNames("CPTS");
        yield return new TestCaseData(IgPackage.SosBundle, SosNow, SosSearch).SetArgDisplayNames("SOS");
    }

    [TestCaseSource(nameof(Flows))]
    public async Task Each_search_answers_the_resources_of_the_IG_answer_as_their_reads_serve_them(string example, DateTimeOffset now, string search)
    {
        await using var hub = await StartAsync(now);
        await PushAsync(hub, example);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(search), HttpStatusCode.OK);

        var checkedSearches = 0;
        foreach (var (query, expected) in SearchesOf(answer))
        {
            await AssertAnswersAsync(hub.Http, query, expected);
            checkedSearches++;
        }

        Assert.That(checkedSearches, Is.GreaterThanOrEqualTo(2), "the flow's answer names resources to search");
    }

    [Test]
    public async Task Identifiers_are_taken_bare_prefixed_or_not_and_comma_separated_references_typed_or_bare()
    {
        await using var hub = await StartAsync(PsNow);
        await PushAsync(hub, IgPackage.PsBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        var practitioners = Entries<Practitioner>(answer);
        var practitioner = (Practitioner)practitioners[0].Resource!;
        var nationalId = practitioner.Identifier.Single(i => i.System == PractitionerSystem).Value;
        Assert.That(nationalId, Does.StartWith("8"));
        var schedules = answer.Entry.Where(e => e.Resource is Schedule s && s.Actor.Any(a => a.Reference == $"Practitioner/{practitioner.Id}")).ToList();

        await AssertAnswersAsync(hub.Http, $"Practitioner?identifier={nationalId}", [practitioners[0]]);
        await AssertAnswersAsync(hub.Http, $"Practitioner?identifier={nationalId[1..]}", [practitioners[0]]);
        await AssertAnswersAsync(hub.Http, $"Practitioner?identifier=10000000001,{PractitionerSystem}%7C{nationalId}", [practitioners[0]]);
        await AssertAnswersAsync(hub.Http, $"Schedule?actor={practitioner.Id}", schedules);
        await AssertAnswersAsync(hub.Http, $"Schedule?actor:Practitioner={practitioner.Id}", schedules);
        await AssertAnswersAsync(hub.Http, $"Schedule?actor:Practitioner.identifier={PractitionerSystem}%7C{nationalId}", schedules);

        var all = Entries<Practitioner>(answer).Select(e => ((Practitioner)e.Resource!).Identifier[0].Value);
        var page = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Practitioner?identifier={string.Join(',', all)}&_count=1"), HttpStatusCode.OK);
        Assert.That(page.Total, Is.EqualTo(practitioners.Count));
        Assert.That(page.Entry, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Unknown_identifiers_and_references_answer_an_empty_searchset()
    {
        await using var hub = await StartAsync(PsNow);
        await PushAsync(hub, IgPackage.PsBundle);

        foreach (var query in new[]
        {
            $"Practitioner?identifier={PractitionerSystem}%7C810000000001",
            $"Organization?identifier={StructureSystem}%7C312345678901234",
            "Organization?identifier=1750000001",
            "Location?organization=Organization/push-alpha.nobody",
            "Schedule?actor=Practitioner/push-alpha.nobody",
            "Schedule?actor=push-alpha.nobody",
        })
        {
            await AssertAnswersAsync(hub.Http, query, []);
        }
    }

    [Test]
    public async Task Bad_searches_are_400_with_an_OperationOutcome()
    {
        await using var hub = await StartAsync(PsNow);
        var tooMany = string.Join(',', Enumerable.Range(0, 26).Select(i => $"8{10000000000 + i}"));
        foreach (var query in new[]
        {
            "Practitioner",
            "Practitioner?name=Dupont",
            "Practitioner?identifier=",
            "Practitioner?identifier=urn:oid:1.2.250.1.213.1.4.8%7C810002909371",
            "Practitioner?identifier=not-a-national-id",
            $"Practitioner?identifier={tooMany}",
            "Practitioner?identifier=810002909371&_count=zero",
            "Organization",
            $"Organization?identifier={PractitionerSystem}%7C810002909371",
            "Location",
            "Location?organization=Practitioner/push-alpha.x",
            "Location?organization=https://elsewhere.example/fhir/Organization/x",
            "Location?organization=bad%20id",
            "Schedule?actor=Organization/push-alpha.x",
            "Schedule?actor=push-alpha.x&status=free",
            "Schedule?actor=push-alpha.x&actor:Practitioner.identifier=810002909371",
        })
        {
            var outcome = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync("fhir/" + query), HttpStatusCode.BadRequest);
            Assert.That(outcome.Issue, Is.Not.Empty, query);
        }

        await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync("fhir/Practitioner?identifier=810002909371&_format=xml"), HttpStatusCode.NotAcceptable);
    }

    [Test]
    public async Task A_Schedule_search_with_has_parameters_stays_the_SOS_search()
    {
        await using var hub = await StartAsync(SosNow);
        await PushAsync(hub, IgPackage.SosBundle);

        // An actor beside the SOS search's _has is the SOS parser's to refuse, as before.
        var outcome = await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync(SosSearch + "&actor=Location/push-alpha.x"), HttpStatusCode.BadRequest);
        Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.Some.Contains("SOS Médecins Schedule search only"));
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(SosSearch), HttpStatusCode.OK);
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>(), Is.Not.Empty);
    }

    [Test]
    public async Task Deleted_pushed_slots_take_what_only_they_served_out_of_every_search()
    {
        await using var hub = await StartAsync(SosNow);
        using var alpha = await PushAsync(hub, IgPackage.SosBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(SosSearch), HttpStatusCode.OK);
        var searches = SearchesOf(answer).ToList();

        foreach (var slot in IgPackage.ReadBundle(IgPackage.SosBundle).Entry.Select(e => e.Resource).OfType<Slot>())
        {
            Assert.That((await alpha.Http.DeleteAsync($"fhir/Slot/{slot.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        foreach (var (query, _) in searches)
        {
            await AssertAnswersAsync(hub.Http, query, []);
        }
    }

    [Test]
    public async Task Past_Sync_WithholdAfter_the_searches_answer_nothing_of_the_source()
    {
        var clock = new FakeTimeProvider(PsNow);
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(clock));
        await PushAsync(hub, IgPackage.PsBundle);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        var searches = SearchesOf(answer).ToList();

        clock.Advance(TimeSpan.FromHours(25));

        foreach (var (query, _) in searches)
        {
            await AssertAnswersAsync(hub.Http, query, []);
        }
    }

    [Test]
    public async Task A_practitioner_removed_from_the_roster_is_no_longer_found_after_the_restart_and_the_others_are()
    {
        await using var publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "searches", PractitionerCount = 3, Seed = 7, Days = 2 }, CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        var all = publisher.PractitionerIds;
        Bundle removedAnswer, keptAnswer;
        await using (var before = await StartOnAsync(database, RunningHub.Connector("sim", publisher.BaseUrl, all, schedule: "manual")))
        {
            var sync = await before.Http.PostAsync("admin/connectors/sim/sync", null);
            Assert.That((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("succeeded"));
            removedAnswer = await SearchAsync(before, all[0]);
            keptAnswer = await SearchAsync(before, all[1]);
            foreach (var (query, expected) in SearchesOf(removedAnswer))
            {
                await AssertAnswersAsync(before.Http, query, expected);
            }
        }

        await using var after = await StartOnAsync(database, RunningHub.Connector("sim", publisher.BaseUrl, all.Skip(1), schedule: "manual"));

        foreach (var (query, _) in SearchesOf(removedAnswer))
        {
            await AssertAnswersAsync(after.Http, query, []);
        }

        foreach (var (query, expected) in SearchesOf(Rebased(keptAnswer, after)))
        {
            await AssertAnswersAsync(after.Http, query, expected);
        }
    }

    [Test]
    public async Task With_a_consumer_configured_a_search_needs_the_consumer_identity_and_regulator_writes_stay_routed()
    {
        await using var hub = await RunningHub.StartAsync(
            PushClient.Settings(new() { ["Consumers:sas:ApiKeys:0"] = ConsumerKey }),
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(PsNow)));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var consumer = new PushClient(hub, ConsumerKey);
        using var anonymous = new PushClient(hub, apiKey: null);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var answer = await FhirAssert.ReadAsync<Bundle>(await consumer.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);

        foreach (var (query, expected) in SearchesOf(answer))
        {
            await FhirAssert.ReadOutcomeAsync(await anonymous.Http.GetAsync("fhir/" + query), HttpStatusCode.Unauthorized);
            await FhirAssert.ReadOutcomeAsync(await hub.Http.GetAsync("fhir/" + query), HttpStatusCode.Unauthorized); // the admin key is not a SAS identity
            await FhirAssert.ReadOutcomeAsync(await alpha.Http.GetAsync("fhir/" + query), HttpStatusCode.Forbidden);
            await AssertAnswersAsync(consumer.Http, query, expected);
        }

        // POST Practitioner stays the regulator-account create: a publisher is refused there as before, not searched.
        var post = await alpha.Http.PostAsync("fhir/Practitioner", PushClient.Json(new Practitioner()));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// <summary>Every standalone search the entries of <paramref name="answer"/> make, and the entries it must answer.</summary>
    private static IEnumerable<(string Query, List<Bundle.EntryComponent> Expected)> SearchesOf(Bundle answer)
    {
        foreach (var entry in Entries<Practitioner>(answer))
        {
            var practitioner = (Practitioner)entry.Resource!;
            var nationalId = practitioner.Identifier.Single(i => i.System == PractitionerSystem).Value;
            yield return ($"Practitioner?identifier={PractitionerSystem}%7C{nationalId}", Entries<Practitioner>(answer).Where(e => ((Practitioner)e.Resource!).Identifier.Any(i => i.Value == nationalId)).ToList());
            var schedules = Entries<Schedule>(answer).Where(e => ((Schedule)e.Resource!).Actor.Any(a => a.Reference == $"Practitioner/{practitioner.Id}")).ToList();
            yield return ($"Schedule?actor=Practitioner/{practitioner.Id}", schedules);
        }

        foreach (var entry in Entries<Organization>(answer))
        {
            var organization = (Organization)entry.Resource!;
            var nationalId = organization.Identifier.Single(i => i.System == StructureSystem).Value;
            yield return ($"Organization?identifier={StructureSystem}%7C{nationalId}", Entries<Organization>(answer).Where(e => ((Organization)e.Resource!).Identifier.Any(i => i.Value == nationalId)).ToList());
            var locations = Entries<Location>(answer).Where(e => ((Location)e.Resource!).ManagingOrganization?.Reference == $"Organization/{organization.Id}").ToList();
            if (locations.Count > 0)
            {
                yield return ($"Location?organization=Organization/{organization.Id}", locations);
            }
        }

        foreach (var entry in Entries<Location>(answer))
        {
            yield return ($"Schedule?actor=Location/{entry.Resource!.Id}", Entries<Schedule>(answer).Where(e => ((Schedule)e.Resource!).Actor.Any(a => a.Reference == $"Location/{entry.Resource.Id}")).ToList());
        }
    }

    private static List<Bundle.EntryComponent> Entries<T>(Bundle answer)
        where T : Resource =>
        answer.Entry.Where(e => e.Resource is T).ToList();

    /// <summary>The search answers exactly <paramref name="expected"/> (by fullUrl, as JSON), and each match reads as it is.</summary>
    private static async Task AssertAnswersAsync(HttpClient http, string query, List<Bundle.EntryComponent> expected)
    {
        var found = await FhirAssert.ReadAsync<Bundle>(await http.GetAsync("fhir/" + query), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(found.Type, Is.EqualTo(Bundle.BundleType.Searchset), query);
            Assert.That(found.Total, Is.EqualTo(expected.Count), query);
            Assert.That(Uri.UnescapeDataString(found.SelfLink?.ToString() ?? ""), Does.EndWith("/fhir/" + Uri.UnescapeDataString(query)), query);
            Assert.That(found.Entry.Select(e => e.Search?.Mode), Has.All.EqualTo(Bundle.SearchEntryMode.Match), query);
            Assert.That(found.Entry.Select(e => e.FullUrl), Is.EquivalentTo(expected.Select(e => e.FullUrl)), query);
        });
        foreach (var entry in found.Entry)
        {
            var same = expected.Single(e => e.FullUrl == entry.FullUrl);
            Assert.That(FhirJson.Serialize(entry.Resource!), Is.EqualTo(FhirJson.Serialize(same.Resource!)), $"{query}: {entry.FullUrl}");
        }

        if (found.Entry.Count > 0)
        {
            await AssertEveryEntryReadsAsItIsAsync(http, found);
        }
    }
}
