namespace Sas.Interop.Core.Statistics;

/// <summary>One slot with its practitioner and place, as the CSV export writes it.</summary>
public sealed record SlotExportRow
{
    public required string SourceInstance { get; init; }

    public required string NativeId { get; init; }

    /// <summary>PS/CPTS slots: the practitioner; SOS slots: null (see <see cref="OrganizationNationalId"/>).</summary>
    public string? PractitionerNationalId { get; init; }

    /// <summary>SOS slots: the association's prefixed SIRET.</summary>
    public string? OrganizationNationalId { get; init; }

    public string? PractitionerName { get; init; }

    public string? Address { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public int Modes { get; init; }

    public int Types { get; init; }

    public IReadOnlyList<string> Motives { get; init; } = [];

    public DateTimeOffset? SourceLastUpdated { get; init; }

    public DateTimeOffset FetchedAt { get; init; }
}
