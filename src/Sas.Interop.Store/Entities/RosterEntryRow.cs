namespace Sas.Interop.Store.Entities;

/// <summary>One key of a connector instance's roster (<see cref="Core.Sync.RosterEntry"/>).</summary>
internal sealed class RosterEntryRow
{
    public required string SourceInstance { get; set; }

    public required string NationalId { get; set; }

    public required string Kind { get; set; }

    public string? Label { get; set; }

    public string? Email { get; set; }

    public required string Origin { get; set; }

    public DateTime AddedAtUtc { get; set; }
}
