using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Sas.Interop.Core.Storage;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// Keeps <c>ServedJson</c> in step with every row EF writes (practitioners, places, schedules, slots): a row added,
/// changed in content, or tracked while holding no rendering of the current format is rendered again from its final values, after
/// the push path has settled its version. The fetch time is not part of a rendering (the facade splices it in), so
/// a re-sync that only refreshes it renders nothing. Raw-SQL writers (<see cref="SlotBulkInserter"/>, the slot
/// booking) keep the column right themselves.
/// </summary>
internal sealed class ServedJsonInterceptor(IServedResourceRenderer renderer) : SaveChangesInterceptor
{
    public IServedResourceRenderer Renderer { get; } = renderer;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Render(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Render(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Render(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            // Unchanged rows are looked at too: one loaded for an upsert may hold a rendering of an older format.
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Unchanged))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case SlotRow slot when NeedsRendering(entry, slot.ServedJson):
                    slot.ServedJson = Renderer.Render(RowMapper.ToCanonical(slot));
                    break;
                case ScheduleRow schedule when NeedsRendering(entry, schedule.ServedJson):
                    schedule.ServedJson = Renderer.Render(RowMapper.ToCanonical(schedule));
                    break;
                case PractitionerRow practitioner when NeedsRendering(entry, practitioner.ServedJson):
                    practitioner.ServedJson = Renderer.Render(RowMapper.ToCanonical(practitioner));
                    break;
                case PlaceRow place when NeedsRendering(entry, place.ServedJson):
                    place.ServedJson = Renderer.Render(RowMapper.ToCanonical(place));
                    break;
            }
        }
    }

    private bool NeedsRendering(EntityEntry entry, byte[]? served) =>
        entry.State == EntityState.Added
        || !ServedRenderings.IsCurrent(served, Renderer.Format)
        || (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && p.Metadata.Name is not (nameof(SlotRow.FetchedAtUtc) or nameof(SlotRow.ServedJson))));
}
