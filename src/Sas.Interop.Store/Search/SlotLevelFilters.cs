using Sas.Interop.Core.Canonical;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>
/// The filters a search applies to the slot row itself — modes (<c>service-type</c>), types (<c>_security</c>) and
/// <c>hub-overbooked</c> — shared by the PS/CPTS search, <c>$availability</c> and the structure slots of <c>hub-near</c>
/// so the three read them alike.
/// </summary>
internal static class SlotLevelFilters
{
    /// <summary>Each mode or type entry is an any-of mask; entries are ANDed; <paramref name="overbooked"/> null: either.</summary>
    public static IQueryable<SlotRow> Apply(IQueryable<SlotRow> slots, IEnumerable<ConsultationModes> modeFilters, IEnumerable<SlotTypes> typeFilters, bool? overbooked)
    {
        foreach (var mask in modeFilters.Select(m => (int)m))
        {
            slots = slots.Where(s => (s.Modes & mask) != 0);
        }

        foreach (var mask in typeFilters.Select(t => (int)t))
        {
            slots = slots.Where(s => (s.Types & mask) != 0);
        }

        return overbooked is { } value ? slots.Where(s => s.Overbooked == value) : slots;
    }
}
