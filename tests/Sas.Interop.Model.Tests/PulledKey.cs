namespace Sas.Interop.Model.Tests;

/// <summary>What the last successful sync of one roster key's batch said, and when it was fetched.</summary>
internal sealed record PulledKey(DateTimeOffset FetchedAt, IReadOnlyList<PulledFact> Facts)
{
    /// <summary>R7: the unavailability the same answer declared for the key (its PractitionerRole or Schedule).</summary>
    public AgendaUnavailability? Unavailability { get; init; }
}
