using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Store;

/// <summary>What a served-slot query asks (<see cref="ServedSlots"/>).</summary>
/// <param name="Status">The slot status asked (free for every SAS search).</param>
/// <param name="FetchedSince">The freshness cut-off (UTC); null: any fetch time.</param>
/// <param name="PsIndividual">The PS-individuel profile answers: CPTS-only slots are not served.</param>
internal readonly record struct ServedSlotAsk(int Status, DateTime? FetchedSince, bool PsIndividual)
{
    public ServedSlotAsk(SlotStatus Status, DateTimeOffset? FetchedSince, bool PsIndividual)
        : this((int)Status, FetchedSince?.UtcDateTime, PsIndividual)
    {
    }

    /// <summary>A freshness cut-off is asked.</summary>
    public bool Fresh => FetchedSince is not null;

    /// <summary>The cut-off, <see cref="DateTime.MinValue"/> when none is asked.</summary>
    public DateTime FetchedSinceUtc => FetchedSince ?? DateTime.MinValue;
}
