namespace Sas.Interop.Core.Canonical;

/// <summary>A structure the IG sends as a resource: a CPTS (1+FINESS) or an SOS Médecins association (3+SIRET).</summary>
public sealed record CanonicalOrganization : SourceRecord
{
    /// <summary>Prefixed national structure id when the publisher gave a valid one.</summary>
    public string? NationalId { get; init; }

    /// <summary>The identifier as sent, kept for what is not a national id.</summary>
    public CanonicalIdentifier? Identifier { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<CanonicalTelecom> Telecoms { get; init; } = [];
}
