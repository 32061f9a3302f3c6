namespace Sas.Interop.Store;

/// <summary>
/// Everything a PS-individuel answer can take from one practitioner (national id) within a range: its slots of one
/// status starting in [<see cref="FromUtc"/>, <see cref="ToUtc"/>], each with the schedule, practitioner and place it
/// brings in, as stored renderings; immutable, shared by the answers that use it.
/// </summary>
/// <param name="NationalId">The practitioner.</param>
/// <param name="Status">The slot status held (<c>SlotStatus</c>; the SAS asks for free slots).</param>
/// <param name="FromUtc">Earliest start held.</param>
/// <param name="ToUtc">Latest start held.</param>
/// <param name="Stamps">
/// The practitioner's <c>served_stamps</c> read before the rows were: the entry stands while they are current, and has
/// its fetch times read again (<see cref="ServedAgendaRefresh"/>) when only the fetch stamps moved.
/// </param>
/// <param name="Slots">Ordered by start, then source key (the answer's order).</param>
/// <param name="Servable">
/// False when the rows do not hang together the way the stamps assume (a rendered slot's schedule, practitioner or
/// place missing, not rendered in the current format, or not this practitioner's): answers involving this practitioner
/// are then read from the database.
/// </param>
internal sealed record ServedAgenda(string NationalId, int Status, DateTime FromUtc, DateTime ToUtc, ServedStamp[] Stamps, AgendaSlot[] Slots, bool Servable)
{
    /// <summary>What the entry costs in the cache, in bytes (renderings plus a rough per-object overhead).</summary>
    public long SizeBytes { get; init; }

    /// <summary>Whether no content was written since the entry was read: its rows and renderings are the database's.</summary>
    public bool IsCurrent(ReadOnlySpan<ServedStamp> current)
    {
        if (current.Length != Stamps.Length)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (current[i].SourceInstance != Stamps[i].SourceInstance || current[i].Stamp != Stamps[i].Stamp)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether, besides <see cref="IsCurrent"/>, no fetch time was refreshed since: the entry answers as it is.</summary>
    public bool IsFresh(ReadOnlySpan<ServedStamp> current) => current.SequenceEqual(Stamps);

    /// <summary>Whether a search of this status and start window finds all its slots here.</summary>
    public bool Covers(int status, DateTime fromUtc, DateTime toUtc) => status == Status && fromUtc >= FromUtc && toUtc <= ToUtc;
}
