using System.Diagnostics;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>Fills the store through <see cref="ISlotStore.ReplaceScopeAsync"/>, one 25-practitioner batch per transaction.</summary>
internal static class StoreLoader
{
    public static async Task<(int Slots, TimeSpan Elapsed)> LoadAsync(ISlotStore store, AgendaGenerator generator, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var slots = 0;
        var lastReport = TimeSpan.Zero;

        // Generation (CPU) overlaps the previous batch's write: SQLite has one writer anyway.
        var next = Task.Run(() => generator.Batch(0), cancellationToken);
        for (var group = 0; group < generator.GroupCount; group++)
        {
            var batch = await next;
            var following = group + 1;
            next = following < generator.GroupCount ? Task.Run(() => generator.Batch(following), cancellationToken) : Task.FromResult(batch);
            var result = await store.ReplaceScopeAsync(generator.SourceInstance, generator.ScopeOf(group), batch, cancellationToken);
            slots += result.SlotsStored;
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = watch.Elapsed;
                Report.Progress($"loaded {slots:N0} slots ({group + 1}/{generator.GroupCount} batches) in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        return (slots, watch.Elapsed);
    }
}
