namespace Sas.Interop.Core.Statistics;

/// <summary>Free slots of one French day in one commune, by consultation mode and by slot type (a slot can count in several).</summary>
public sealed record FreeSlotCounts
{
    public required DateOnly Day { get; init; }

    public string? Department { get; init; }

    public string? Commune { get; init; }

    public int FreeSlots { get; init; }

    public int Ambulatory { get; init; }

    public int HomeVisit { get; init; }

    public int Virtual { get; init; }

    public int Public { get; init; }

    public int Pro { get; init; }

    public int Snp { get; init; }

    public int Cpts { get; init; }

    /// <summary>Those of <see cref="FreeSlots"/> the publisher marks <c>Slot.overbooked</c> (surbooking).</summary>
    public int Overbooked { get; init; }
    /// <summary>Free slots of structure agendas (no practitioner: SOS Médecins, centres de santé, MSP…) by structure type.</summary>
    public int StructureSos { get; init; }

    public int StructureCds { get; init; }

    public int StructureMsp { get; init; }

    public int StructureOther { get; init; }

    /// <summary>True when read from a daily snapshot, false when counted from the slots held now.</summary>
    public bool FromSnapshot { get; init; }
}
