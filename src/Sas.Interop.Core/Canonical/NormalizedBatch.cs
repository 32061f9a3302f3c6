namespace Sas.Interop.Core.Canonical;

/// <summary>The canonical form of one fetched batch, plus what was rejected on the way.</summary>
public sealed record NormalizedBatch
{
    public IReadOnlyList<CanonicalPractitioner> Practitioners { get; init; } = [];

    public IReadOnlyList<CanonicalPlace> Places { get; init; } = [];

    public IReadOnlyList<CanonicalSchedule> Schedules { get; init; } = [];

    public IReadOnlyList<CanonicalSlot> Slots { get; init; } = [];

    public IReadOnlyList<IngestionIssue> Issues { get; init; } = [];
}
