using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Testing.Databases;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>Resource versions on the push API: ETag, Location with _history, meta.versionId, If-Match, races.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class PushVersioningTests
{
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_put_creates_version_1_a_replay_keeps_it_and_a_change_makes_version_2()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);

        var created = await PutSlotAsync(alpha, Slot(0));
        var body = await FhirAssert.ReadAsync<Slot>(created, HttpStatusCode.Created);
        Assert.That(created.Headers.ETag?.ToString(), Is.EqualTo("W/\"1\""));
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo(hub.BaseUrl + "fhir/Slot/push-alpha.extra-1/_history/1"));
        Assert.That(created.Content.Headers.LastModified, Is.Not.Null);
        Assert.That(body.Meta?.VersionId, Is.EqualTo("1"));

        var replay = await PutSlotAsync(alpha, Slot(0));
        await FhirAssert.ReadAsync<Slot>(replay, HttpStatusCode.OK);
        Assert.That(replay.Headers.ETag?.ToString(), Is.EqualTo("W/\"1\""), "the same content is the same version");

        var changed = await PutSlotAsync(alpha, Slot(30));
        await FhirAssert.ReadAsync<Slot>(changed, HttpStatusCode.OK);
        Assert.That(changed.Headers.ETag?.ToString(), Is.EqualTo("W/\"2\""));
        Assert.That(changed.Headers.Location?.ToString(), Does.EndWith("/fhir/Slot/push-alpha.extra-1/_history/2"));

        Assert.That(await ServedVersionAsync(hub, "push-alpha.extra-1"), Is.EqualTo("2"), "the facade serves meta.versionId");
    }

    [Test]
    public async Task A_replayed_transaction_answers_the_same_versions_and_a_changed_entry_the_next_one()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var first = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        Assert.That(first.Entry.Select(e => e.Response.Etag), Is.All.EqualTo("W/\"1\""));
        Assert.That(first.Entry.Select(e => e.Response.LastModified), Is.All.Not.Null);
        Assert.That(first.Entry.Select(e => e.Response.Location), Is.All.EndsWith("/_history/1"));

        var replay = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        Assert.That(replay.Entry.Select(e => e.Response.Etag), Is.All.EqualTo("W/\"1\""), "a replay changes nothing");
        Assert.That(replay.Entry.Select(e => e.Response.LastModified), Is.EqualTo(first.Entry.Select(e => e.Response.LastModified)));

        var changed = PushClient.PsExampleTransaction();
        var slotIndex = changed.Entry.FindIndex(e => e.Resource is Slot);
        var slot = (Slot)changed.Entry[slotIndex].Resource;
        slot.End = slot.End!.Value.AddMinutes(5);
        var third = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(changed), HttpStatusCode.OK);
        Assert.That(third.Entry[slotIndex].Response.Etag, Is.EqualTo("W/\"2\""));
        Assert.That(third.Entry.Where((_, i) => i != slotIndex).Select(e => e.Response.Etag), Is.All.EqualTo("W/\"1\""));
    }

    [Test]
    public async Task If_match_on_put_writes_only_on_the_stored_version()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        await PutSlotAsync(alpha, Slot(0));

        var stale = await PutSlotAsync(alpha, Slot(30), "W/\"7\"");
        var outcome = await FhirAssert.ReadOutcomeAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.That(outcome.Issue[0].Diagnostics, Does.Contain("W/\"1\""), "says which version is stored");

        var matching = await PutSlotAsync(alpha, Slot(30), "W/\"1\"");
        await FhirAssert.ReadAsync<Slot>(matching, HttpStatusCode.OK);
        Assert.That(matching.Headers.ETag?.ToString(), Is.EqualTo("W/\"2\""));

        await FhirAssert.ReadOutcomeAsync(await PutSlotAsync(alpha, Slot(45), "W/\"1\""), HttpStatusCode.PreconditionFailed);
        await FhirAssert.ReadOutcomeAsync(await PutSlotAsync(alpha, Slot(0), "W/\"1\"", id: "never-pushed"), HttpStatusCode.PreconditionFailed);
        await FhirAssert.ReadOutcomeAsync(await PutSlotAsync(alpha, Slot(0), "*"), HttpStatusCode.BadRequest);
        Assert.That(await ServedVersionAsync(hub, "push-alpha.extra-1"), Is.EqualTo("2"), "refused writes stored nothing");
        Assert.That(await ServedVersionAsync(hub, "push-alpha.never-pushed"), Is.Null);
    }

    [Test]
    public async Task If_match_on_delete_deletes_only_the_stored_version()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        await PutSlotAsync(alpha, Slot(0));

        using (var stale = new HttpRequestMessage(HttpMethod.Delete, "fhir/Slot/extra-1"))
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "W/\"2\"");
            await FhirAssert.ReadOutcomeAsync(await alpha.Http.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        }

        Assert.That(await ServedVersionAsync(hub, "push-alpha.extra-1"), Is.EqualTo("1"), "still served");
        using var matching = new HttpRequestMessage(HttpMethod.Delete, "fhir/Slot?identifier=urn:editeur-a:slot%7Cextra-1");
        matching.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        Assert.That((await alpha.Http.SendAsync(matching)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ServedVersionAsync(hub, "push-alpha.extra-1"), Is.Null);
    }

    [Test]
    public async Task A_stale_if_match_fails_a_whole_transaction_but_only_its_entry_in_a_batch()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);

        foreach (var type in new[] { Bundle.BundleType.Transaction, Bundle.BundleType.Batch })
        {
            var bundle = PushClient.PsExampleTransaction(type);
            var slots = bundle.Entry.Select((e, i) => (e, i)).Where(x => x.e.Resource is Slot).Select(x => x.i).ToList();
            foreach (var i in slots.Take(2))
            {
                var slot = (Slot)bundle.Entry[i].Resource;
                slot.End = slot.End!.Value.AddMinutes(5);
            }

            bundle.Entry[slots[0]].Request.IfMatch = "W/\"9\"";
            bundle.Entry[slots[1]].Request.IfMatch = "W/\"1\"";
            var response = await alpha.PostAsync(bundle);
            if (type == Bundle.BundleType.Transaction)
            {
                var outcome = await FhirAssert.ReadOutcomeAsync(response, HttpStatusCode.PreconditionFailed);
                Assert.That(outcome.Issue.SelectMany(i => i.Expression), Is.EqualTo(new[] { $"Bundle.entry[{slots[0]}].request.ifMatch" }));
                Assert.That(await ServedVersionAsync(hub, "push-alpha." + bundle.Entry[slots[1]].Resource.Id), Is.EqualTo("1"), "nothing of the transaction was stored");
            }
            else
            {
                var answer = await FhirAssert.ReadAsync<Bundle>(response, HttpStatusCode.OK);
                Assert.That(answer.Entry[slots[0]].Response.Status, Is.EqualTo("412 Precondition Failed"));
                Assert.That(answer.Entry[slots[0]].Response.Outcome, Is.Not.Null);
                Assert.That(answer.Entry[slots[1]].Response.Etag, Is.EqualTo("W/\"2\""));
                Assert.That(await ServedVersionAsync(hub, "push-alpha." + bundle.Entry[slots[0]].Resource.Id), Is.EqualTo("1"));
                Assert.That(await ServedVersionAsync(hub, "push-alpha." + bundle.Entry[slots[1]].Resource.Id), Is.EqualTo("2"));
            }
        }
    }

    [Test]
    public async Task Concurrent_puts_with_the_same_if_match_let_exactly_one_win()
    {
        await using var hub = await StartAsync();
        using var alpha = await SeededAsync(hub);
        await PutSlotAsync(alpha, Slot(0));

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => PutSlotAsync(alpha, Slot(i), "W/\"1\"")));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed), Is.EqualTo(11));
        Assert.That(await ServedVersionAsync(hub, "push-alpha.extra-1"), Is.EqualTo("2"));
    }

    [Test]
    public async Task Two_hubs_on_one_database_still_let_exactly_one_if_match_win()
    {
        // Two nodes: their in-process publisher locks know nothing of each other; only the database decides.
        // The shared database follows SAS_INTEROP_TEST_PROVIDER (one SQLite file, or one PostgreSQL database).
        await using var database = await TestDatabase.CreateAsync();
        var shared = database.Settings;
        await using var first = await StartAsync(shared);
        await using var second = await StartAsync(shared);
        using var viaFirst = await SeededAsync(first);
        using var viaSecond = new PushClient(second, PushClient.AlphaKey);
        await PutSlotAsync(viaFirst, Slot(0));

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => PutSlotAsync(i % 2 == 0 ? viaFirst : viaSecond, Slot(i), "W/\"1\"")));

        Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.OK).And.Exactly(11).EqualTo(HttpStatusCode.PreconditionFailed));
        Assert.That(await ServedVersionAsync(second, "push-alpha.extra-1"), Is.EqualTo("2"));
    }

    private static async Task<PushClient> SeededAsync(RunningHub hub)
    {
        var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        return alpha;
    }

    // The IG example's first slot, moved one hour and lengthened by `minutes`: each value is different content.
    private static Slot Slot(int minutes)
    {
        var slot = (Slot)PushClient.PsExampleTransaction().Entry.First(e => e.Resource is Slot).Resource;
        slot.Start = slot.Start!.Value.AddHours(1);
        slot.End = slot.End!.Value.AddHours(1).AddMinutes(minutes);
        return slot;
    }

    private static async Task<HttpResponseMessage> PutSlotAsync(PushClient client, Slot slot, string? ifMatch = null, string id = "extra-1")
    {
        slot.Id = id; // FHIR update: the body's id is the URL's
        using var request = new HttpRequestMessage(HttpMethod.Put, $"fhir/Slot/{id}") { Content = PushClient.Json(slot) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.Http.SendAsync(request);
    }

    private static async Task<string?> ServedVersionAsync(RunningHub hub, string slotId)
    {
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        return answer.Entry.Select(e => e.Resource).OfType<Slot>().FirstOrDefault(s => s.Id == slotId)?.Meta?.VersionId;
    }

    private static Task<RunningHub> StartAsync(Dictionary<string, string>? more = null) =>
        RunningHub.StartAsync(PushClient.Settings(more), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
}
