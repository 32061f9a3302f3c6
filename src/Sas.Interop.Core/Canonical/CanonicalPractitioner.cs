namespace Sas.Interop.Core.Canonical;

/// <summary>A health professional, identified by the prefixed national id (8+RPPS or 0+ADELI).</summary>
public sealed record CanonicalPractitioner : SourceRecord
{
    /// <summary>Prefixed national id (IDNPS), e.g. <c>810100050075</c>.</summary>
    public required string NationalId { get; init; }

    public string? Family { get; init; }

    public IReadOnlyList<string> Given { get; init; } = [];

    public IReadOnlyList<CanonicalTelecom> Telecoms { get; init; } = [];

    /// <summary>Languages spoken (<c>Practitioner.communication</c>): BCP-47 tags in their canonical case, e.g. <c>fr</c>, <c>pt-BR</c>.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
}
