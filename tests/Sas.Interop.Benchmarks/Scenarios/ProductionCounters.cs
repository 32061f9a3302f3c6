namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// What the background writers of <see cref="SearchProductionScenario"/> did, counted as they go (any thread);
/// <see cref="Snapshot"/> and <see cref="Minus"/> give what happened within the measured phase.
/// </summary>
internal sealed class ProductionCounters
{
    private long _batches;
    private long _slots;
    private long _resyncs;
    private long _moves;
    private long _writerBusyTicks;
    private long _bookings;
    private long _bookingErrors;
    private long _pushes;
    private long _pushErrors;
    private string? _firstError;

    /// <summary>Sync batches (one group of 25 practitioners each) written.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public long Slots => Interlocked.Read(ref _slots);

    /// <summary>Sources re-synced completely (every batch of the source).</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Practitioners whose slots moved.</summary>
    public long Moves => Interlocked.Read(ref _moves);

    /// <summary>Time spent writing batches (the writer is otherwise waiting for the next source's turn).</summary>
    public TimeSpan WriterBusy => TimeSpan.FromTicks(Interlocked.Read(ref _writerBusyTicks));

    public long Bookings => Interlocked.Read(ref _bookings);

    public long BookingErrors => Interlocked.Read(ref _bookingErrors);

    public long Pushes => Interlocked.Read(ref _pushes);

    public long PushErrors => Interlocked.Read(ref _pushErrors);

    /// <summary>The first booking or push refused or failed, for the report.</summary>
    public string? FirstError => Volatile.Read(ref _firstError);

    public void Batch(int slots, int moves, TimeSpan busy)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _slots, slots);
        Interlocked.Add(ref _moves, moves);
        Interlocked.Add(ref _writerBusyTicks, busy.Ticks);
    }

    public void Resync() => Interlocked.Increment(ref _resyncs);

    public void Booked() => Interlocked.Increment(ref _bookings);

    public void Pushed() => Interlocked.Increment(ref _pushes);

    public void BookingFailed(string error)
    {
        Interlocked.Increment(ref _bookingErrors);
        Interlocked.CompareExchange(ref _firstError, "booking: " + error, null);
    }

    public void PushFailed(string error)
    {
        Interlocked.Increment(ref _pushErrors);
        Interlocked.CompareExchange(ref _firstError, "push: " + error, null);
    }

    public ProductionCounters Snapshot() => new()
    {
        _batches = Batches,
        _slots = Slots,
        _resyncs = Resyncs,
        _moves = Moves,
        _writerBusyTicks = WriterBusy.Ticks,
        _bookings = Bookings,
        _bookingErrors = BookingErrors,
        _pushes = Pushes,
        _pushErrors = PushErrors,
        _firstError = FirstError,
    };

    /// <summary>What happened between <paramref name="before"/> and this snapshot.</summary>
    public ProductionCounters Minus(ProductionCounters before) => new()
    {
        _batches = Batches - before.Batches,
        _slots = Slots - before.Slots,
        _resyncs = Resyncs - before.Resyncs,
        _moves = Moves - before.Moves,
        _writerBusyTicks = WriterBusy.Ticks - before.WriterBusy.Ticks,
        _bookings = Bookings - before.Bookings,
        _bookingErrors = BookingErrors - before.BookingErrors,
        _pushes = Pushes - before.Pushes,
        _pushErrors = PushErrors - before.PushErrors,
        _firstError = FirstError,
    };
}
