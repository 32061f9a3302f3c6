namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// A period the practitioner is away from a place (<c>PractitionerRole.notAvailable</c>): no slot of the place meeting it
/// is served. A null bound is open (no start: already begun; no end: until further notice).
/// </summary>
public sealed record PracticeUnavailability
{
    public PracticeUnavailability(string? description, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is { } from && end is { } to && to <= from)
        {
            throw new ArgumentException($"The unavailability ends ({to:O}) before or when it starts ({from:O}).", nameof(end));
        }

        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Start = start;
        End = end;
    }

    /// <summary>What the SAS reads (e.g. "Congés annuels"); none: the hub says "Indisponible".</summary>
    public string? Description { get; }

    public DateTimeOffset? Start { get; }

    public DateTimeOffset? End { get; }
}
