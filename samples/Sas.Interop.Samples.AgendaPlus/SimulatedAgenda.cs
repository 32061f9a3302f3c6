namespace Sas.Interop.Samples.AgendaPlus;

/// <summary>One agenda of the platform: a practitioner at a practice place, with its motives and open times.</summary>
internal sealed class SimulatedAgenda
{
    public required string Id { get; init; }

    public required string Rpps { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public required string PracticeId { get; init; }

    public required string PracticeName { get; init; }

    public required string Street { get; init; }

    public required string ZipCode { get; init; }

    public required string City { get; init; }

    public required string Phone { get; init; }

    public required string BookingUrl { get; init; }

    public required IReadOnlyList<SimulatedMotive> Motives { get; init; }

    /// <summary>Open times per motive id (French local time).</summary>
    public required Dictionary<int, SortedSet<DateTimeOffset>> Times { get; init; }
}
