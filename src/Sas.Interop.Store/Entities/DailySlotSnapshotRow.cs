namespace Sas.Interop.Store.Entities;

/// <summary>Free slots of one French day in one commune as last counted that day; outlives the slots themselves.</summary>
internal sealed class DailySlotSnapshotRow
{
    public long Id { get; set; }

    public DateOnly Day { get; set; }

    /// <summary>Empty when the place has no usable postal code (SQLite unique indexes treat NULLs as distinct).</summary>
    public string Department { get; set; } = string.Empty;

    public string Commune { get; set; } = string.Empty;

    public int FreeSlots { get; set; }

    public int Ambulatory { get; set; }

    public int HomeVisit { get; set; }

    public int Virtual { get; set; }

    public int Public { get; set; }

    public int Pro { get; set; }

    public int Snp { get; set; }

    public int Cpts { get; set; }

    /// <summary>Free overbooking slots (<c>Slot.overbooked</c>); 0 in snapshots taken before it was counted.</summary>
    public int Overbooked { get; set; }
    /// <summary>Free slots of structure agendas (no practitioner) by structure type (Core.Canonical.StructureTypes).</summary>
    public int StructureSos { get; set; }

    public int StructureCds { get; set; }

    public int StructureMsp { get; set; }

    public int StructureOther { get; set; }

    public DateTime TakenAtUtc { get; set; }
}
