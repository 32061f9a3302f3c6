namespace Sas.Interop.Core.Appointments;

/// <summary>
/// What the booking rule reads and what administrators decide: who holds data for a practitioner, and the decisions
/// on contested claims (a publisher pushing a practitioner another source also holds). The rule itself is the host's.
/// </summary>
public interface IBookingRightsStore
{
    /// <summary>The decision on <paramref name="publisherId"/>'s claim to book for the practitioner, or null when none.</summary>
    Task<BookingDecision?> DecisionAsync(string practitionerNationalId, string publisherId, CancellationToken cancellationToken);

    Task<IReadOnlyList<BookingDecision>> DecisionsAsync(CancellationToken cancellationToken);

    /// <summary>Records (or replaces) a decision.</summary>
    Task SetDecisionAsync(BookingDecision decision, CancellationToken cancellationToken);

    /// <summary>Removes a decision; the claim is undecided again. False when there was none.</summary>
    Task<bool> RemoveDecisionAsync(string practitionerNationalId, string publisherId, CancellationToken cancellationToken);

    /// <summary>
    /// Every practitioner one of <paramref name="sources"/> holds (practitioner or slot rows), with all the sources
    /// that hold it, those included.
    /// </summary>
    Task<IReadOnlyList<PractitionerHolders>> HoldersOfPractitionersHeldByAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken);
}
