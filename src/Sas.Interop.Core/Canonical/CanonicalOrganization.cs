namespace Sas.Interop.Core.Canonical;

/// <summary>
/// A structure the IG sends as a resource: a CPTS (1+FINESS), an SOS Médecins association (3+SIRET), or another
/// structure with an agenda of its own (centre de santé, MSP…: 1+FINESS or 3+SIRET).
/// </summary>
public sealed record CanonicalOrganization : SourceRecord
{
    /// <summary>Prefixed national structure id when the publisher gave a valid one.</summary>
    public string? NationalId { get; init; }

    /// <summary>The identifier as sent, kept for what is not a national id.</summary>
    public CanonicalIdentifier? Identifier { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<CanonicalTelecom> Telecoms { get; init; } = [];

    /// <summary>Kind of structure (<see cref="StructureTypes"/>), from <c>Organization.type</c>; null when not read.</summary>
    public string? StructureType { get; init; }
}
