using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// What keys a pushed resource (issue #14, cases 3 and 4): conditional identifiers by system and value, and one FHIR
/// id rule at every entrance, refusing anything else with 400 and storing nothing.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed partial class PushKeyTests
{
    private const string PracticeOne = "https://editeur-a.example/fhir/slot-id";
    private const string PracticeTwo = "https://editeur-a.example/fhir/cabinet-2/slot-id";

    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task One_slot_number_under_two_systems_is_two_slots_served_apart()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);

        var first = await alpha.Http.PutAsync(Conditional(PracticeOne, "X"), PushClient.Json(Slot(60)));
        await FhirAssert.ReadAsync<Slot>(first, HttpStatusCode.Created);
        Assert.That(first.Headers.Location?.ToString(), Does.EndWith("/fhir/Slot/push-alpha.X/_history/1"));

        var second = await alpha.Http.PutAsync(Conditional(PracticeTwo, "X"), PushClient.Json(Slot(120)));
        await FhirAssert.ReadAsync<Slot>(second, HttpStatusCode.Created);
        Assert.That(second.Headers.ETag?.ToString(), Is.EqualTo("W/\"1\""), "a new slot, not version 2 of the first");
        var secondId = IdOf(second);
        Assert.That(secondId, Is.Not.EqualTo("push-alpha.X"));

        var served = await ServedSlotsAsync(hub);
        Assert.That(served.Keys, Does.Contain("push-alpha.X").And.Contain(secondId));
        Assert.That(served["push-alpha.X"].Start, Is.EqualTo(Slot(60).Start), "practice one keeps its slot");
        Assert.That(served[secondId].Start, Is.EqualTo(Slot(120).Start));

        // Each system's replay and update land on its own slot.
        var replay = await alpha.Http.PutAsync(Conditional(PracticeTwo, "X"), PushClient.Json(Slot(120)));
        await FhirAssert.ReadAsync<Slot>(replay, HttpStatusCode.OK);
        Assert.That(IdOf(replay), Is.EqualTo(secondId));
        var moved = await alpha.Http.PutAsync(Conditional(PracticeOne, "X"), PushClient.Json(Slot(90)));
        Assert.That(moved.Headers.ETag?.ToString(), Is.EqualTo("W/\"2\""));
        served = await ServedSlotsAsync(hub);
        Assert.That(served["push-alpha.X"].Start, Is.EqualTo(Slot(90).Start));
        Assert.That(served[secondId].Start, Is.EqualTo(Slot(120).Start));

        // A bare value names both: FHIR answers 412 rather than pick one; a value without system names neither.
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PutAsync("fhir/Slot?identifier=X", PushClient.Json(Slot(150))), HttpStatusCode.PreconditionFailed);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot?identifier=X"), HttpStatusCode.PreconditionFailed);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot?identifier=%7CX"), HttpStatusCode.NotFound);
        Assert.That((await ServedSlotsAsync(hub)).Keys, Does.Contain("push-alpha.X").And.Contain(secondId), "refused writes removed nothing");

        // Deleting one practice's slot leaves the other's.
        Assert.That((await alpha.Http.DeleteAsync(Conditional(PracticeTwo, "X"))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        served = await ServedSlotsAsync(hub);
        Assert.That(served.Keys, Does.Contain("push-alpha.X").And.Not.Contain(secondId));
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync(Conditional(PracticeTwo, "X")), HttpStatusCode.NotFound);
        Assert.That((await alpha.Http.DeleteAsync(Conditional(PracticeOne, "X"))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await ServedSlotsAsync(hub)).Keys, Does.Not.Contain("push-alpha.X"));

        // Written again, an identifier gets back the id it had.
        var again = await alpha.Http.PutAsync(Conditional(PracticeTwo, "X"), PushClient.Json(Slot(120)));
        await FhirAssert.ReadAsync<Slot>(again, HttpStatusCode.Created);
        Assert.That(IdOf(again), Is.EqualTo(secondId));
    }

    [Test]
    public async Task Two_nodes_racing_on_one_value_under_four_systems_make_four_slots()
    {
        // The identifier's id is decided by the database's unique indexes, not by either node's publisher lock.
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await StartAsync(database.Settings);
        await using var second = await StartAsync(database.Settings);
        using var viaFirst = await SeededAsync(first);
        using var viaSecond = new PushClient(second, PushClient.AlphaKey);
        var systems = Enumerable.Range(0, 4).Select(i => $"https://editeur-a.example/fhir/cabinet-{i}/slot-id").ToList();

        var puts = Enumerable.Range(0, 16).Select(i => (System: systems[i % 4], Client: i % 2 == 0 ? viaFirst : viaSecond)).ToList();
        var responses = await Task.WhenAll(puts.Select(p => p.Client.Http.PutAsync(Conditional(p.System, "X"), PushClient.Json(Slot(30 * (1 + systems.IndexOf(p.System)))))));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Created), string.Join("\n", bodies));
        var idBySystem = puts.Zip(responses, (p, r) => (p.System, Id: IdOf(r))).GroupBy(x => x.System).ToDictionary(g => g.Key, g => g.Select(x => x.Id).Distinct().ToList());
        Assert.That(idBySystem.Values, Is.All.Count.EqualTo(1), "every request of one system names one slot");
        Assert.That(idBySystem.Values.Select(v => v[0]), Is.Unique, "and each system its own");
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(4), "each slot created once");

        var served = await ServedSlotsAsync(second);
        foreach (var (system, ids) in idBySystem)
        {
            Assert.That(served[ids[0]].Start, Is.EqualTo(Slot(30 * (1 + systems.IndexOf(system))).Start), system);
        }
    }

    [Test]
    public async Task Two_nodes_creating_one_new_slot_at_once_make_one_slot_and_no_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await StartAsync(database.Settings);
        await using var second = await StartAsync(database.Settings);
        using var viaFirst = await SeededAsync(first);
        using var viaSecond = new PushClient(second, PushClient.AlphaKey);

        for (var round = 0; round < 5; round++)
        {
            var id = $"race-{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            {
                var slot = Slot(30);
                slot.Id = id;
                return (i % 2 == 0 ? viaFirst : viaSecond).Http.PutAsync($"fhir/Slot/{id}", PushClient.Json(slot));
            }));
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.Created).And.Exactly(11).EqualTo(HttpStatusCode.OK), string.Join("\n", bodies.Where(b => b.Contains("OperationOutcome", StringComparison.Ordinal))));
        }
    }

    [Test]
    public async Task Conditional_entries_of_a_transaction_and_a_batch_tell_systems_apart()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        foreach (var (type, value) in new[] { (Bundle.BundleType.Transaction, "T"), (Bundle.BundleType.Batch, "B") })
        {
            var bundle = new Bundle { Type = type };
            bundle.Entry.Add(ConditionalEntry(PracticeOne, value, Slot(60)));
            bundle.Entry.Add(ConditionalEntry(PracticeTwo, value, Slot(120)));
            var answer = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(bundle), HttpStatusCode.OK);
            Assert.That(answer.Entry.Select(e => e.Response.Status), Is.All.EqualTo("201 Created"), type.ToString());
            var locations = answer.Entry.Select(e => e.Response.Location.Split('/')[1]).ToList();
            Assert.That(locations, Is.Unique);
            var served = await ServedSlotsAsync(hub);
            Assert.That(served[locations[0]].Start, Is.EqualTo(Slot(60).Start));
            Assert.That(served[locations[1]].Start, Is.EqualTo(Slot(120).Start));

            var delete = new Bundle { Type = type };
            delete.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = $"Slot?identifier={PracticeTwo}|{value}" } });
            await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(delete), HttpStatusCode.OK);
            served = await ServedSlotsAsync(hub);
            Assert.That(served.Keys, Does.Contain(locations[0]).And.Not.Contain(locations[1]), type.ToString());
        }
    }

    [Test]
    public async Task A_slot_stored_under_its_bare_value_is_still_found_by_one_system_and_only_one()
    {
        // Before systems were told apart, a conditional write stored the slot under the identifier's value, exactly
        // as PUT Slot/{value} does: such rows have no recorded identifier.
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        await PutByIdAsync(alpha, "legacy-1", Slot(60), HttpStatusCode.Created);
        await PutByIdAsync(alpha, "legacy-2", Slot(90), HttpStatusCode.Created);

        var update = await alpha.Http.PutAsync(Conditional(PracticeOne, "legacy-1"), PushClient.Json(Slot(75)));
        await FhirAssert.ReadAsync<Slot>(update, HttpStatusCode.OK);
        Assert.That(update.Headers.Location?.ToString(), Does.EndWith("/fhir/Slot/push-alpha.legacy-1/_history/2"), "the old row, updated in place");

        var other = await alpha.Http.PutAsync(Conditional(PracticeTwo, "legacy-1"), PushClient.Json(Slot(120)));
        await FhirAssert.ReadAsync<Slot>(other, HttpStatusCode.Created);
        var served = await ServedSlotsAsync(hub);
        Assert.That(served["push-alpha.legacy-1"].Start, Is.EqualTo(Slot(75).Start), "the second system does not take the old row");
        Assert.That(served[IdOf(other)].Start, Is.EqualTo(Slot(120).Start));

        Assert.That((await alpha.Http.DeleteAsync(Conditional(PracticeTwo, "legacy-2"))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "an old row is deleted by its value");
        Assert.That((await ServedSlotsAsync(hub)).Keys, Does.Not.Contain("push-alpha.legacy-2"));
        Assert.That((await alpha.Http.DeleteAsync("fhir/Slot/legacy-1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "and still by its id");
    }

    [Test]
    public async Task Malformed_ids_get_400_at_every_entrance_and_change_nothing()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        await PutByIdAsync(alpha, "kept", Slot(60), HttpStatusCode.Created);
        var before = await ServedJsonAsync(hub);

        var ids = MalformedIds().ToList();
        Assert.That(ids, Has.Count.GreaterThan(60));
        foreach (var id in ids)
        {
            var label = JsonLabel(id);
            var slot = Slot(30);
            var escaped = Uri.EscapeDataString(id);
            // Kestrel itself refuses a NUL in a path (a bare 400) before the hub sees the request.
            var kestrelRefuses = id.Contains('\0', StringComparison.Ordinal);
            await ExpectBadRequestAsync(await alpha.Http.PutAsync($"fhir/Slot/{escaped}", PushClient.Json(slot)), "PUT Slot/" + label, kestrelRefuses);
            await ExpectBadRequestAsync(await alpha.Http.DeleteAsync($"fhir/Slot/{escaped}"), "DELETE Slot/" + label, kestrelRefuses);
            await ExpectBadRequestAsync(await alpha.Http.PutAsync(Conditional(PracticeOne, id), PushClient.Json(slot)), "PUT ?identifier " + label);
            await ExpectBadRequestAsync(await alpha.Http.DeleteAsync(Conditional(PracticeOne, id)), "DELETE ?identifier " + label);

            var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
            transaction.Entry.Add(new Bundle.EntryComponent { Resource = Slot(45), Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Slot/fine-id" } });
            transaction.Entry.Add(new Bundle.EntryComponent { Resource = slot, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Slot/{id}" } });
            transaction.Entry.Add(new Bundle.EntryComponent { Resource = slot, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Slot?identifier={PracticeOne}|{escaped}" } });
            await ExpectBadRequestAsync(await alpha.PostAsync(transaction), "Bundle " + label);
        }

        Assert.That(await ServedJsonAsync(hub), Is.EqualTo(before), "nothing stored changed");

        // Nothing was recorded either: a well-formed identifier still gets its value as id.
        var created = await alpha.Http.PutAsync(Conditional(PracticeOne, "fine-id"), PushClient.Json(Slot(45)));
        Assert.That(created.Headers.Location?.ToString(), Does.EndWith("/fhir/Slot/push-alpha.fine-id/_history/1"));
    }

    [Test]
    public async Task Ids_at_the_rule_s_edges_are_accepted_and_the_location_answered_can_be_deleted()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        foreach (var id in new[] { "a", "A-1.b", new string('z', 64), "ab-" + new string('9', 60) })
        {
            var slot = Slot(30);
            slot.Id = id;
            var created = await alpha.Http.PutAsync($"fhir/Slot/{id}", PushClient.Json(slot));
            await FhirAssert.ReadAsync<Slot>(created, HttpStatusCode.Created);
            var location = created.Headers.Location!.ToString();
            var hubId = location.Split("/fhir/Slot/")[1].Split('/')[0];
            Assert.That((await ServedSlotsAsync(hub)).Keys, Does.Contain(hubId), id);

            // The Location names the slot for every later write, long (hashed) ids included.
            slot.Id = hubId;
            var replay = await alpha.Http.PutAsync($"fhir/Slot/{hubId}", PushClient.Json(slot));
            await FhirAssert.ReadAsync<Slot>(replay, HttpStatusCode.OK);
            Assert.That(replay.Headers.Location?.ToString(), Is.EqualTo(location));
            Assert.That((await alpha.Http.DeleteAsync($"fhir/Slot/{hubId}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent), id);
            Assert.That((await ServedSlotsAsync(hub)).Keys, Does.Not.Contain(hubId));
        }
    }

    [Test]
    public async Task A_put_whose_body_id_is_not_the_url_id_gets_400()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        var before = await ServedJsonAsync(hub);

        var slot = Slot(30);
        slot.Id = "other";
        await ExpectBadRequestAsync(await alpha.Http.PutAsync("fhir/Slot/mine", PushClient.Json(slot)), "PUT Slot/mine with id other");
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        transaction.Entry.Add(new Bundle.EntryComponent { Resource = slot, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Slot/mine" } });
        await ExpectBadRequestAsync(await alpha.PostAsync(transaction), "Bundle PUT Slot/mine with id other");
        Assert.That(await ServedJsonAsync(hub), Is.EqualTo(before));

        // The URL's id, its hub form, or no id at all are the same resource.
        slot.Id = null;
        await PutByIdAsync(alpha, "mine", slot, HttpStatusCode.Created);
        slot.Id = "mine";
        await PutByIdAsync(alpha, "push-alpha.mine", slot, HttpStatusCode.OK);
        slot.Id = "push-alpha.mine";
        await PutByIdAsync(alpha, "push-alpha.mine", slot, HttpStatusCode.OK);
    }

    // Hand-picked shapes, then random strings of every kind (seeded: a failure names the id and reruns the same).
    private static IEnumerable<string> MalformedIds()
    {
        string[] picked =
        [
            " ", "a b", "a\"b", "'quoted'", "é", "caf\u00e9", "a|b", "a/b", "a?b", "a#b", "a%b", "%41", "%2F", "a+b", "a_b",
            "a:b", "a,b", "a;b", "a=b", "a&b", "a@b", "a\\b", "\u00a0", "\t", "a\nb", "abc\n", "\nabc", "a\rb", "\0", "a\u0001",
            "\u007f", "\u200b", "\ufeff", "\U0001F600", "ＡＢＣ", "١٢٣", "ß", "\u0130", new string('a', 65), new string('1', 1000),
            new string('é', 64),
        ];
        foreach (var id in picked)
        {
            yield return id;
        }

        var random = new Random(1414);
        var ranges = new (int From, int To)[] { (0, 0x1f), (0x20, 0x7e), (0x7f, 0x9f), (0xa0, 0x2fff), (0xe000, 0xfffd), (0x10000, 0x1ffff) };
        var made = 0;
        while (made < 40)
        {
            var length = random.Next(1, 100);
            var text = new StringBuilder();
            for (var i = 0; i < length; i++)
            {
                var (from, to) = ranges[random.Next(ranges.Length)];
                text.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
            }

            var id = text.ToString();

            // "." and ".." are FHIR ids but no URL path segment can carry them; anything else of the rule is not malformed.
            if (!FhirIdOracle().IsMatch(id))
            {
                made++;
                yield return id;
            }
        }
    }

    // FHIR R4's id rule, written out here so the test does not take the hub's word for it.
    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}\z")]
    private static partial Regex FhirIdOracle();

    private static async Task ExpectBadRequestAsync(HttpResponseMessage response, string what, bool kestrelRefuses = false)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{what}: {body}");
        if (kestrelRefuses && body.Length == 0)
        {
            return;
        }

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"), what);
        var outcome = FhirJson.Parse<OperationOutcome>(body);
        Assert.That(outcome.Issue, Is.Not.Empty, what);
        Assert.That(outcome.Issue.All(i => !string.IsNullOrWhiteSpace(i.Diagnostics)), what);
    }

    private static string JsonLabel(string id) => System.Text.Json.JsonSerializer.Serialize(id.Length > 40 ? id[..40] + "…" : id);

    private static string Conditional(string system, string value) => $"fhir/Slot?identifier={Uri.EscapeDataString(system + "|" + value)}";

    private static Bundle.EntryComponent ConditionalEntry(string system, string value, Slot slot) => new()
    {
        Resource = slot,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Slot?identifier={system}|{value}" },
    };

    private static string IdOf(HttpResponseMessage response) => response.Headers.Location!.ToString().Split("/fhir/Slot/")[1].Split('/')[0];

    private static async Task PutByIdAsync(PushClient client, string id, Slot slot, HttpStatusCode expected) =>
        await FhirAssert.ReadAsync<Slot>(await client.Http.PutAsync($"fhir/Slot/{id}", PushClient.Json(slot)), expected);

    private static async Task<PushClient> SeededAsync(RunningHub hub)
    {
        var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        return alpha;
    }

    // The IG example's first slot moved by `minutes`: each value is another start. Its id is left out (a conditional
    // write keys on the identifier; PUT by id sets it).
    private static Slot Slot(int minutes)
    {
        var slot = (Slot)PushClient.PsExampleTransaction().Entry.First(e => e.Resource is Slot).Resource;
        slot.Id = null;
        slot.Start = slot.Start!.Value.AddMinutes(minutes);
        slot.End = slot.End!.Value.AddMinutes(minutes);
        return slot;
    }

    private static async Task<Dictionary<string, Slot>> ServedSlotsAsync(RunningHub hub)
    {
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        var slots = answer.Entry.Select(e => e.Resource).OfType<Slot>().ToList();
        Assert.That(slots.Select(s => s.Id), Is.Unique, "one searchset never holds two slots with one id");
        return slots.ToDictionary(s => s.Id);
    }

    private static async Task<string> ServedJsonAsync(RunningHub hub)
    {
        var slots = await ServedSlotsAsync(hub);
        return string.Join("\n", slots.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => FhirJson.Serialize(s.Value)));
    }

    private static Task<RunningHub> StartAsync(Dictionary<string, string>? more = null) =>
        RunningHub.StartAsync(PushClient.Settings(more), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
}
