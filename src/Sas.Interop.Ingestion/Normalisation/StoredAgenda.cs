using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// What is already stored that the resources being normalised reference without carrying (a pushed Slot on the
/// Schedule its publisher pushed before): the practitioners, places and practitioners' schedules, as stored. They
/// resolve references as a resource of the batch would, are checked against what the batch changes (a place whose
/// practitioner the batch rejects is unusable), and are never part of the result.
/// </summary>
public sealed record StoredAgenda(
    IReadOnlyList<CanonicalPractitioner> Practitioners,
    IReadOnlyList<CanonicalPlace> Places,
    IReadOnlyList<CanonicalSchedule> Schedules)
{
    public static readonly StoredAgenda Empty = new([], [], []);

    public bool IsEmpty => Practitioners.Count == 0 && Places.Count == 0 && Schedules.Count == 0;
}
