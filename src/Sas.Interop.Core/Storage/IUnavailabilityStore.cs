namespace Sas.Interop.Core.Storage;

/// <summary>The practitioners' declared unavailabilities (truth.md R7), for <c>$availability</c> and <c>/admin</c>.</summary>
public interface IUnavailabilityStore
{
    /// <summary>
    /// The unavailabilities not over at <paramref name="now"/>, of <paramref name="practitionerNationalIds"/> (all when
    /// null), from facts fetched since <paramref name="fetchedSince"/> (<c>Sync:WithholdAfter</c>: an older fact is
    /// not served, so neither is what it says); ordered by practitioner, source, place, start.
    /// </summary>
    Task<IReadOnlyList<PractitionerUnavailability>> ListAsync(
        IReadOnlyCollection<string>? practitionerNationalIds, DateTimeOffset now, DateTimeOffset? fetchedSince, CancellationToken cancellationToken);
}
