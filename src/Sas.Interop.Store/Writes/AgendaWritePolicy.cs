namespace Sas.Interop.Store;

/// <summary>How <see cref="AgendaWriter"/> writes: the four ways agenda rows change.</summary>
internal enum AgendaWritePolicy
{
    /// <summary>
    /// Pull sync, a whole scope (<see cref="SlotScopeWriter"/>): rows upserted by (source, native id), unversioned;
    /// slots through the out-of-order guard (<see cref="SlotBulkInserter.UpsertAsync"/>: a slot older by
    /// meta.lastUpdated than the row held, or fetched before the hub booked it, is refused); then the scope's slots
    /// the publisher no longer lists, and its ended ones, are deleted.
    /// </summary>
    Snapshot,

    /// <summary>
    /// Pull sync, changes only (<see cref="EfSlotChangeStore"/>): as <see cref="Snapshot"/>, with the same out-of-order
    /// guard on slots (a late batch never overwrites newer data), but nothing is deleted: a change batch lists what
    /// changed, not what remains.
    /// </summary>
    Incremental,

    /// <summary>
    /// Push (<see cref="EfPushStore"/>): every row versioned; an If-Match is compared with the version held, a real
    /// content change makes a new version, and EF's concurrency token re-checks it in the UPDATE. Slots go through EF
    /// (one outcome each), not the bulk path; deletions name their slots.
    /// </summary>
    VersionedPush,

    /// <summary>
    /// A booking through the hub (<see cref="AgendaWriter.BookSlotAsync"/>): the slot turns busy at once with its
    /// booking time (the fact's time, which the out-of-order guard compares with a sync's fetch time) and loses its
    /// free rendering.
    /// </summary>
    Booking,
}
