using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// Fills an empty store through the store's own bulk path: <see cref="AgendaWriter"/> for practitioners, places
/// and schedules, <see cref="SlotBulkInserter"/> for slots, <see cref="GroupsPerTransaction"/> 25-practitioner
/// groups per transaction. The rows are the ones <c>ReplaceScopeAsync</c> writes into an empty store; skipping its
/// per-scope reads and one-transaction-per-25-practitioners is what makes a 1M-slot store a minute's work.
/// </summary>
internal static class StoreLoader
{
    private const int GroupsPerTransaction = 40;

    public static async Task<(int Slots, TimeSpan Elapsed)> LoadAsync(IServiceProvider services, AgendaGenerator generator, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<HubDbContext>>();
        var renderer = services.GetService<IServedResourceRenderer>();
        var watch = Stopwatch.StartNew();
        var slots = 0;
        var lastReport = TimeSpan.Zero;
        var chunks = Enumerable.Range(0, generator.GroupCount).Chunk(GroupsPerTransaction).ToList();

        // Generation (CPU) overlaps the previous chunk's write: SQLite has one writer anyway.
        var next = Task.Run(() => Generate(generator, chunks[0]), cancellationToken);
        for (var chunk = 0; chunk < chunks.Count; chunk++)
        {
            var batches = await next;
            var following = chunk + 1;
            next = following < chunks.Count ? Task.Run(() => Generate(generator, chunks[following]), cancellationToken) : Task.FromResult(batches);

            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var batch in batches)
            {
                await AgendaWriter.ForSync(db, generator.SourceInstance, AgendaWritePolicy.Snapshot, renderer).WriteAgendaAsync(batch, cancellationToken);
                db.ChangeTracker.Clear();
            }

            var rows = batches.SelectMany(b => b.Slots).ToList();
            await SlotBulkInserter.InsertAsync(db, renderer, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            slots += rows.Count;
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = watch.Elapsed;
                Report.Progress($"loaded {slots:N0} slots ({chunks[chunk][^1] + 1}/{generator.GroupCount} groups) in {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        return (slots, watch.Elapsed);
    }

    private static List<NormalizedBatch> Generate(AgendaGenerator generator, int[] groups) => [.. groups.Select(group => generator.Batch(group))];
}
