using System.Net;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>Issue #15: what the push API read too leniently (5a, 5b), the id its PUT answers with (6a), its Retry-After (6d).</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class PushStrictnessTests
{
    // The IG example's own "now": its search window starts there.
    private static readonly DateTimeOffset ExampleNow = new(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero);

    [TestCase(Bundle.BundleType.Transaction)]
    [TestCase(Bundle.BundleType.Batch)]
    public async Task Two_entries_sharing_a_fullUrl_are_a_400_naming_both_and_nothing_is_stored(Bundle.BundleType type)
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var bundle = PushClient.PsExampleTransaction(type);
        var slots = bundle.Entry.Select((e, i) => (e, i)).Where(x => x.e.Resource is Slot).Select(x => x.i).ToList();
        bundle.Entry[slots[1]].FullUrl = bundle.Entry[slots[0]].FullUrl;

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(bundle), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Is.SupersetOf(new[] { $"Bundle.entry[{slots[0]}].fullUrl", $"Bundle.entry[{slots[1]}].fullUrl" }));
        Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.Some.Contains("bdl-7"));
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.Zero, "nothing of the Bundle was stored");
    }

    // Issue #15 5c, in a Bundle entry's request.url: Identifier= beside identifier= was folded into it.
    [Test]
    public async Task An_entry_url_with_Identifier_beside_identifier_is_a_400_naming_the_entry()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = PushClient.PsExampleTransaction();
        var index = transaction.Entry.FindIndex(e => e.Resource is Slot);
        transaction.Entry[index].Request.Url = "Slot?Identifier=urn:x%7Cs1&identifier=urn:x%7Cs2";

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(transaction), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain($"Bundle.entry[{index}].request.url"));
        Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.Some.Contains("'Identifier'"));
    }

    [TestCase("0001-01-01T09:00:00Z", "start")]
    [TestCase("9999-12-31T09:00:00Z", "start")]
    public async Task A_slot_far_outside_now_is_refused_with_a_422_naming_its_element(string instant, string element)
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var slot = IgSlot();
        slot.Id = "odd";
        slot.StartElement = new Instant(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        slot.EndElement = new Instant(slot.Start!.Value.AddMinutes(20));

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.Http.PutAsync("fhir/Slot/odd", PushClient.Json(slot)), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain("Slot." + element), outcome.Issue[0].Diagnostics);
    }

    [Test]
    public async Task A_transaction_holding_a_year_0001_slot_is_refused_whole()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        var transaction = PushClient.PsExampleTransaction();
        var index = transaction.Entry.FindIndex(e => e.Resource is Slot);
        var slot = (Slot)transaction.Entry[index].Resource;
        slot.Start = new DateTimeOffset(1, 1, 1, 9, 0, 0, TimeSpan.Zero);
        slot.End = slot.Start.Value.AddMinutes(20);

        var outcome = await FhirAssert.ReadOutcomeAsync(await alpha.PostAsync(transaction), HttpStatusCode.UnprocessableEntity);

        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Does.Contain($"Bundle.entry[{index}].resource.start"));
        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(answer.Total, Is.Zero, "nothing of the transaction was stored");
    }

    [Test]
    public async Task A_slot_PUT_answers_with_the_hub_id_its_Location_names_and_that_body_can_be_sent_back()
    {
        await using var hub = await StartAsync();
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(PushClient.PsExampleTransaction()), HttpStatusCode.OK);
        var slot = IgSlot();

        var response = await alpha.Http.PutAsync($"fhir/Slot/{slot.Id}", PushClient.Json(slot));
        var answered = await FhirAssert.ReadAsync<Slot>(response, HttpStatusCode.OK);

        Assert.That(answered.Id, Is.EqualTo("push-alpha." + slot.Id));
        Assert.That(response.Headers.Location?.ToString(), Does.Contain($"/Slot/{answered.Id}/_history/"));
        var served = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync(PushClient.PsExampleSearch()), HttpStatusCode.OK);
        Assert.That(served.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => s.Id), Does.Contain(answered.Id), "searches name it so too");
        await FhirAssert.ReadAsync<Slot>(await alpha.Http.PutAsync($"fhir/Slot/{slot.Id}", PushClient.Json(answered)), HttpStatusCode.OK);
    }

    [Test]
    public async Task Retry_after_is_the_time_left_in_the_window()
    {
        var clock = new FakeTimeProvider(ExampleNow);
        await using var hub = await StartAsync(clock, new() { ["Push:PermitsPerMinute"] = "2" });
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        for (var i = 0; i < 2; i++)
        {
            await FhirAssert.ReadOutcomeAsync(await alpha.Http.DeleteAsync("fhir/Slot/nothing"), HttpStatusCode.NotFound);
        }

        var atOnce = await alpha.Http.DeleteAsync("fhir/Slot/nothing");
        clock.Advance(TimeSpan.FromSeconds(24.5));
        var later = await alpha.Http.DeleteAsync("fhir/Slot/nothing");
        clock.Advance(TimeSpan.FromSeconds(35.4));
        var last = await alpha.Http.DeleteAsync("fhir/Slot/nothing");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var next = await alpha.Http.DeleteAsync("fhir/Slot/nothing");

        await FhirAssert.ReadOutcomeAsync(atOnce, HttpStatusCode.TooManyRequests);
        await FhirAssert.ReadOutcomeAsync(later, HttpStatusCode.TooManyRequests);
        await FhirAssert.ReadOutcomeAsync(last, HttpStatusCode.TooManyRequests);
        Assert.That(atOnce.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)), "the whole window is left");
        Assert.That(later.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(36)), "35.5 s left, rounded up");
        Assert.That(last.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)), "0.1 s left: at least 1 s");
        await FhirAssert.ReadOutcomeAsync(next, HttpStatusCode.NotFound);
    }

    private static Slot IgSlot() => (Slot)PushClient.PsExampleTransaction().Entry.First(e => e.Resource is Slot).Resource;

    private static Task<RunningHub> StartAsync(FakeTimeProvider? clock = null, Dictionary<string, string>? more = null) =>
        RunningHub.StartAsync(PushClient.Settings(more), services => services.AddSingleton<TimeProvider>(clock ?? new FakeTimeProvider(ExampleNow)));
}
