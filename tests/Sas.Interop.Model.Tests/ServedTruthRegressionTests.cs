using System.Net;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// Issue #14's cases 1 and 6 as fixed sequences on the model suite's harness (both failed on the hub before the fixes,
/// on both engines): a roster removal takes effect at the restart, and an answer whose request was sent before a
/// booking does not free the booked slot, even when it arrives after it. Issue #18: a structure rostered by FINESS
/// can be removed through the roster endpoint.
/// </summary>
[Category("Model")]
[NonParallelizable]
public sealed class ServedTruthRegressionTests
{
    [Test]
    public async Task Case1_a_practitioner_removed_from_the_roster_is_not_served_after_restart_and_sync()
    {
        var resources = new AgendaResources(12, seed: 14);
        await using var runner = await SequenceRunner.StartAsync(resources, seed: 1, practitioners: 12, rosterSize: 12);
        await runner.RunAsync(new Step(StepKind.Sync));
        var removed = runner.Model.Roster[5];
        Assert.That(await TotalForAsync(runner, removed), Is.GreaterThan(0), "synced: the practitioner's slots are served");

        runner.Model.RemoveFromRoster(removed);
        await runner.RestartAsync();
        var summary = JsonDocument.Parse(await runner.SyncAsync()).RootElement;

        Assert.Multiple(async () =>
        {
            Assert.That(summary.GetProperty("practitionersAsked").GetInt32(), Is.EqualTo(11));
            Assert.That(await TotalForAsync(runner, removed), Is.Zero, "removed from the roster: not served any more (R2)");
        });
    }

    [Test]
    public async Task Case6_a_sync_fetched_before_a_booking_does_not_free_the_booked_slot()
    {
        var resources = new AgendaResources(SequenceRunner.PractitionerCount, seed: 14);
        await using var runner = await SequenceRunner.StartAsync(resources, seed: 3);
        await runner.RunAsync(new Step(StepKind.Sync));
        var practitioner = runner.Model.Roster[0];
        var target = runner.HubIds.Keys.Where(s => s.Practitioner == practitioner && s.Source == TruthModel.Instance).OrderBy(s => s.Start).First();

        // The next search (batch 1, which holds the practitioner) is asked, then held until the booking is done.
        using var held = new SemaphoreSlim(0);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var armed = 1;
        runner.Publisher.OnSearch(_ =>
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                asked.TrySetResult();
                held.Wait(TimeSpan.FromSeconds(60));
            }

            return null;
        });
        runner.Publisher.Serve(resources.Agenda(runner.Model.Agenda.Values, runner.Clock.GetUtcNow()));
        var sync = runner.Hub.Admin.PostAsync($"admin/connectors/{TruthModel.Instance}/sync", null);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The booking comes a minute after the fetch was asked, while its answer is on the way.
        runner.Clock.Advance(TimeSpan.FromMinutes(1));
        HttpStatusCode booked;
        try
        {
            using var response = await runner.PostAppointmentAsync(target, runner.HubIds[target]).WaitAsync(TimeSpan.FromSeconds(30));
            booked = response.StatusCode;
        }
        finally
        {
            // The answer reaches the hub a minute after the booking: only the time the fetch was asked orders it before.
            runner.Clock.Advance(TimeSpan.FromMinutes(1));
            held.Release();
        }

        using var synced = await sync;
        runner.Publisher.OnSearch(null);
        TestContext.Progress.WriteLine($"Booked {target} → {booked}; the held sync: {await synced.Content.ReadAsStringAsync()}");
        Assert.Multiple(async () =>
        {
            Assert.That(booked, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(synced.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await FreeStartsAsync(runner, practitioner), Does.Not.Contain(target.Start), "fetched before the booking: the booking is the newer fact (R4)");
        });
    }

    // Found by the model suite (#18): DELETE …/roster/{key} read an Organizations key as a SIRET only, so a structure
    // rostered by FINESS (a centre de santé, an MSP) could not be removed: 404, and its slots stayed served.
    [Test]
    public async Task A_FINESS_structure_removed_through_the_roster_endpoint_is_withdrawn_at_once()
    {
        var resources = new AgendaResources(SequenceRunner.PractitionerCount, seed: 14);
        await using var runner = await SequenceRunner.StartAsync(resources, seed: 5);
        await runner.RunAsync(new Step(StepKind.StructureSync));
        var finess = runner.Model.StructureRoster.First(key => key.StartsWith('1'));
        Assert.That(await StructureTotalAsync(runner, finess), Is.GreaterThan(0), "synced: the structure's schedule is served");

        using var removed = await runner.Hub.Admin.DeleteAsync($"admin/connectors/{TruthModel.StructureInstance}/roster/{finess}");
        using var bare = await runner.Hub.Admin.DeleteAsync($"admin/connectors/{TruthModel.StructureInstance}/roster/{finess[1..]}");
        Assert.Multiple(async () =>
        {
            Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await removed.Content.ReadAsStringAsync());
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "removed already (the bare FINESS names the same key)");
            Assert.That(await StructureTotalAsync(runner, finess), Is.Zero, "removed from the roster: withdrawn at once (R2, R8)");
        });
    }

    private static async Task<int?> StructureTotalAsync(SequenceRunner runner, string structure)
    {
        var now = runner.Clock.GetUtcNow();
        var (_, total) = await ServedAnswer.ReadStructuresAsync(runner.Hub.Reader, ServedAnswer.StructureQuery(now, now.AddHours(TruthModel.WindowHours), [structure]));
        return total;
    }

    private static async Task<int?> TotalForAsync(SequenceRunner runner, string nationalId)
    {
        var now = runner.Clock.GetUtcNow();
        var (_, total, _) = await ServedAnswer.ReadAsync(runner.Hub.Reader, ServedAnswer.PsQuery(now, now.AddHours(TruthModel.WindowHours), [nationalId]), new HashSet<string>());
        return total;
    }

    private static async Task<List<DateTimeOffset>> FreeStartsAsync(SequenceRunner runner, string nationalId)
    {
        var now = runner.Clock.GetUtcNow();
        var (slots, _, _) = await ServedAnswer.ReadAsync(runner.Hub.Reader, ServedAnswer.PsQuery(now, now.AddHours(TruthModel.WindowHours), [nationalId]), new HashSet<string>());
        return [.. slots.Where(s => s.Source == TruthModel.Instance).Select(s => s.Start)];
    }
}
