namespace Sas.Interop.Store.Entities;

/// <summary>
/// A change counter per (practitioner national id, source), bumped by database triggers whenever a slot, schedule,
/// practitioner or place row that a PS-individuel answer for that practitioner is made of is written, whoever writes
/// it (EF, the raw-SQL bulk paths, another hub node). The served-agenda cache keeps an entry only while the stamps it
/// was loaded under are still the current ones. Rows are never deleted: a stamp only grows.
/// </summary>
internal sealed class ServedStampRow
{
    public required string PractitionerNationalId { get; set; }

    public required string SourceInstance { get; set; }

    /// <summary>Bumped by content writes: inserts, deletes, moves, updates of any column but the fetch time.</summary>
    public long Stamp { get; set; }

    /// <summary>
    /// Bumped by updates that change nothing but fetch times (<see cref="ServedFetchStampTriggers.FetchOnlyColumns"/>):
    /// an entry whose <see cref="Stamp"/> is current but whose fetch stamp moved keeps its renderings and has its fetch
    /// times read again (issue #20: a re-sync of an unchanged agenda).
    /// </summary>
    public long FetchStamp { get; set; }
}
