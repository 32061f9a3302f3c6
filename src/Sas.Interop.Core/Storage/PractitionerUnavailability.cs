namespace Sas.Interop.Core.Storage;

/// <summary>
/// One declared unavailability of a practitioner at a place (truth.md R7), as the hub holds it now.
/// </summary>
/// <param name="PractitionerNationalId">Prefixed national id (8+RPPS, 0+ADELI).</param>
/// <param name="Family">The practitioner's family name, as the source gives it.</param>
/// <param name="Given">The practitioner's given names, space-separated.</param>
/// <param name="SourceInstance">The connector instance or push publisher (<c>push-id</c>) that said it.</param>
/// <param name="PlaceNativeId">The source's PractitionerRole id.</param>
/// <param name="Place">The place, readable: its name or address, and its postal code.</param>
/// <param name="Kind">What says it: <see cref="UnavailabilityKinds"/>.</param>
/// <param name="Start">Start of the period; null when open (no <c>during</c>, an inactive role or schedule).</param>
/// <param name="End">End of the period; null when until further notice.</param>
/// <param name="Description">The publisher's description (or the hub's for an inactive role or schedule).</param>
public sealed record PractitionerUnavailability(
    string PractitionerNationalId,
    string? Family,
    string Given,
    string SourceInstance,
    string PlaceNativeId,
    string? Place,
    string Kind,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string Description)
{
    /// <summary>Whether the period covers <paramref name="instant"/>.</summary>
    public bool Covers(DateTimeOffset instant) => (Start is null || Start <= instant) && (End is null || End > instant);

    /// <summary>Whether, from <paramref name="now"/> (or its start if later), it lasts at least <paramref name="duration"/> (an open end always does).</summary>
    public bool LastsAtLeast(TimeSpan duration, DateTimeOffset now) =>
        End is null || End.Value - (Start is { } start && start > now ? start : now) >= duration;
}
