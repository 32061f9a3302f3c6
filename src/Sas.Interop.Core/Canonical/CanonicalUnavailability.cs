namespace Sas.Interop.Core.Canonical;

/// <summary>
/// A period a practitioner declared themselves unavailable at a place (<c>PractitionerRole.notAvailable</c>): its
/// description and its bounds; a null bound is open (no <c>during</c>, or no end: unavailable until further notice).
/// </summary>
public sealed record CanonicalUnavailability
{
    public required string Description { get; init; }

    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    /// <summary>Whether <c>[start, end)</c> meets this period (a slot starting as the period ends does not).</summary>
    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) =>
        (Start is null || Start.Value < end) && (End is null || End.Value > start);
}
