using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>The publisher push API against the real hub: writes, validation, idempotency, concurrency, ownership.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class PushApiTests
{
    // The IG example's own "now": its search window starts there.
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [Test]
    public async Task A_pushed_IG_example_transaction_is_served_by_the_IG_search_at_once()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);

        var response = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        Assert.That(response.Type, Is.EqualTo(Bundle.BundleType.TransactionResponse));
        Assert.That(response.Entry.Select(e => e.Response.Status).ToList(), Has.Count.EqualTo(12).And.All.EqualTo("201 Created"));
        Assert.That(response.Entry.First().Response.Location, Is.EqualTo("Slot/push-alpha.ExampleSlotPSIndiv1/_history/1"));

        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>().Count(), Is.EqualTo(4));
        Assert.That(answer.Total, Is.EqualTo(4));
    }

    [Test]
    public async Task Replaying_a_transaction_changes_nothing()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var first = await (await hub.Http.GetAsync(PushClient.PsExampleSearch())).Content.ReadAsStringAsync();

        var replay = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var second = await (await hub.Http.GetAsync(PushClient.PsExampleSearch())).Content.ReadAsStringAsync();

        Assert.That(replay.Entry.Select(e => e.Response.Status), Is.All.EqualTo("200 OK"), "everything existed already");
        Assert.That(second, Is.EqualTo(first), "the same answer, byte for byte");
    }

    [Test]
    public async Task An_invalid_transaction_lists_every_issue_and_stores_nothing()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = PushClient.PsExampleTransaction();
        // The last slot belongs to the other practitioner, so its own issue is not hidden behind the first one's.
        var slotIndex = transaction.Entry.FindLastIndex(e => e.Resource is Slot);
        ((Slot)transaction.Entry[slotIndex].Resource).Start = null;
        var practitionerIndex = transaction.Entry.FindIndex(e => e.Resource is Practitioner);
        ((Practitioner)transaction.Entry[practitionerIndex].Resource).Identifier[0].Value = "12";

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(transaction), HttpStatusCode.UnprocessableEntity);

        var expressions = outcome.Issue.SelectMany(i => i.Expression).ToList();
        Assert.That(expressions, Does.Contain($"Bundle.entry[{slotIndex}].resource.start"));
        Assert.That(expressions, Does.Contain($"Bundle.entry[{practitionerIndex}].resource.identifier"));
        Assert.That(outcome.Issue.Where(i => i.Severity == OperationOutcome.IssueSeverity.Error).Count(), Is.GreaterThan(2), "what depends on the bad practitioner is listed too");
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.Zero, "nothing of the transaction was stored");
    }

    [Test]
    public async Task A_bundle_that_is_not_FHIR_gets_a_400_OperationOutcome()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PostAsync("fhir", PushClient.Json("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Nope\"}}]}")), HttpStatusCode.BadRequest);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PostAsync("fhir", PushClient.Json("{ not json")), HttpStatusCode.BadRequest);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PostAsync("fhir", PushClient.Json("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"bogus\":1}")), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Fifty_concurrent_overlapping_pushes_leave_no_duplicate()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => alpha.PostAsync(PushClient.PsExampleTransaction())));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(4));
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id), Is.Unique);
        Assert.That(answer.Entry.Select(e => e.Resource).OfType<Schedule>().Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_publisher_cannot_touch_another_publishers_slots()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var beta = new PushClient(hub, PushClient.BetaKey);
        await FhirAssert.ReadAsync<Bundle>(await beta.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);

        // Beta's native id is not in alpha's namespace; beta's hub id names beta's data.
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot/ExampleSlotPSIndiv1"), HttpStatusCode.NotFound);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot/push-beta.ExampleSlotPSIndiv1"), HttpStatusCode.Forbidden);
        var slot = IgSlot();
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PutAsync("fhir/Slot/push-beta.ExampleSlotPSIndiv1", PushClient.Json(slot)), HttpStatusCode.Forbidden);

        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(4), "beta's slots are untouched");

        Assert.That((await beta.Http.DeleteAsync("fhir/Slot/ExampleSlotPSIndiv1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(3), "the owner can delete");
    }

    [Test]
    public async Task Two_publishers_pushing_the_same_agenda_coexist()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var beta = new PushClient(hub, PushClient.BetaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        await FhirAssert.ReadAsync<Bundle>(await beta.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);

        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(8));
    }

    [Test]
    public async Task Conditional_put_creates_then_updates_and_busy_stops_serving()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var slot = IgSlot();
        slot.Start = slot.Start!.Value.AddHours(1);
        slot.End = slot.End!.Value.AddHours(1);
        const string url = "fhir/Slot?identifier=urn:editeur-a:slot%7Cextra-1";

        var created = await alpha.Http.PutAsync(url, PushClient.Json(slot));
        await FhirAssert.ReadAsync<Slot>(created, HttpStatusCode.Created);
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo(hub.BaseUrl + "fhir/Slot/push-alpha.extra-1/_history/1"));
        await FhirAssert.ReadAsync<Slot>(await alpha.Http.PutAsync(url, PushClient.Json(slot)), HttpStatusCode.OK);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(5), "a lone Slot resolves against the Schedule pushed before");

        slot.Status = Slot.SlotStatus.Busy;
        await FhirAssert.ReadAsync<Slot>(await alpha.Http.PutAsync(url, PushClient.Json(slot)), HttpStatusCode.OK);
        answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(4), "a busy slot is no longer offered");

        Assert.That((await alpha.Http.DeleteAsync("fhir/Slot?identifier=urn:editeur-a:slot%7Cextra-1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot?identifier=urn:editeur-a:slot%7Cextra-1"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_slot_whose_schedule_is_nowhere_is_refused()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var slot = IgSlot();
        slot.Id = "lonely";
        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.Http.PutAsync("fhir/Slot/lonely", PushClient.Json(slot)), HttpStatusCode.UnprocessableEntity);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain("Slot.schedule"));
    }

    [Test]
    public async Task Writes_without_a_known_publisher_identity_get_401_and_reads_stay_open()
    {
        await using var hub = await StartAsync();
        using var anonymous = new PushClient(hub, apiKey: null);
        using var stranger = new PushClient(hub, "not-a-key");

        await FhirAssert.ReadOutcomeAsync(await anonymous.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await stranger.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadOutcomeAsync(await stranger.Http.DeleteAsync("fhir/Slot/x"), HttpStatusCode.Unauthorized);
        await FhirAssert.ReadAsync<Bundle>(await anonymous.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
    }

    [Test]
    public async Task A_body_over_the_limit_gets_413()
    {
        await using var hub = await StartAsync(new() { ["Push:MaxBodyBytes"] = "2000" });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Too_many_entries_get_413()
    {
        await using var hub = await StartAsync(new() { ["Push:MaxEntries"] = "3" });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task The_rate_limit_is_per_publisher_and_answers_429_with_retry_after()
    {
        await using var hub = await StartAsync(new() { ["Push:PermitsPerMinute"] = "2" });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        using var beta = new PushClient(hub, PushClient.BetaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);

        var refused = await alpha.PostAsync(PushClient.PsExampleTransaction());
        await FhirAssert.ReadOutcomeAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        await FhirAssert.ReadAsync<Bundle>(await beta.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
    }

    [Test]
    public async Task A_batch_stores_the_valid_entries_and_reports_the_invalid_ones()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var batch = PushClient.PsExampleTransaction(Bundle.BundleType.Batch);
        var slotIndex = batch.Entry.FindIndex(e => e.Resource is Slot);
        ((Slot)batch.Entry[slotIndex].Resource).Start = null;

        var response = await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(batch), HttpStatusCode.OK);

        Assert.That(response.Type, Is.EqualTo(Bundle.BundleType.BatchResponse));
        Assert.That(response.Entry[slotIndex].Response.Status, Is.EqualTo("422 Unprocessable Entity"));
        Assert.That(response.Entry[slotIndex].Response.Outcome, Is.Not.Null);
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task The_sample_transaction_in_push_http_is_accepted_and_served()
    {
        // The sample's slot is on 25 November 2026: the hub lives the day before (a push is held to a year around now).
        await using var hub = await RunningHub.StartAsync(PushClient.Settings(), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero))));
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var text = await File.ReadAllTextAsync(Sas.Interop.Testing.RepositoryFiles.PathOf("samples/requests/push.http"));
        var start = text.IndexOf("{\n  \"resourceType\": \"Bundle\"", StringComparison.Ordinal);
        var body = text[start..text.IndexOf("\n###", start, StringComparison.Ordinal)];

        var response = await FhirAssert.ReadAsync<Bundle>(await alpha.Http.PostAsync("fhir", PushClient.Json(body)), HttpStatusCode.OK);

        Assert.That(response.Entry.Select(e => e.Response.Status), Is.All.EqualTo("201 Created"));
        Assert.That(response.Entry.Last().Response.Location, Is.EqualTo("Slot/push-alpha.slot-0001/_history/1"));
        var search = "fhir/Slot?start=ge2026-11-25T00:00:00Z&start=le2026-11-26T00:00:00Z&status=free&schedule.actor:Practitioner.identifier=810100050075";
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(search), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.EqualTo(1));
    }

    [Test]
    public async Task A_conditional_update_spelt_Identifier_is_refused()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadOutcomeAsync(await alpha.Http.PutAsync("fhir/Slot?Identifier=urn:x%7Cs1", PushClient.Json(IgSlot())), HttpStatusCode.BadRequest);
    }

    // Issue #15 5c: beside a correct identifier=, ASP.NET folded Identifier= into it and the first value won.
    [TestCase("PUT")]
    [TestCase("DELETE")]
    public async Task A_conditional_write_with_Identifier_beside_identifier_is_refused_naming_it(string method)
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        const string url = "fhir/Slot?Identifier=urn:x%7Cs1&identifier=urn:x%7Cs2";

        var response = method == "PUT" ? await alpha.Http.PutAsync(url, PushClient.Json(IgSlot())) : await alpha.Http.DeleteAsync(url);

        var outcome = await FhirAssert.ReadOutcomeAsync(response, HttpStatusCode.BadRequest);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain("Identifier"));
    }

    private static Slot IgSlot() => (Slot)PushClient.PsExampleTransaction().Entry.First(e => e.Resource is Slot).Resource;

    private static Task<RunningHub> StartAsync(Dictionary<string, string>? more = null) =>
        RunningHub.StartAsync(PushClient.Settings(more), services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ExampleNow)));
}
