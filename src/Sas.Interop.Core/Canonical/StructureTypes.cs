namespace Sas.Interop.Core.Canonical;

/// <summary>
/// What kind of structure an agenda without a practitioner belongs to, read from <c>Organization.type</c>
/// (TRE_R66 CategorieEtablissement, or the IG's orientation categories): the KPIs count free slots by it.
/// </summary>
public static class StructureTypes
{
    /// <summary>SOS Médecins association (orientation category <c>003</c>; an untyped SIRET structure, as the IG's SOS flow sends it).</summary>
    public const string Sos = "SOS";

    /// <summary>Centre de santé (TRE_R66 <c>124</c>).</summary>
    public const string Cds = "CDS";

    /// <summary>Maison de santé pluriprofessionnelle (TRE_R66 <c>603</c>).</summary>
    public const string Msp = "MSP";

    /// <summary>CPTS (TRE_R66 <c>604</c>).</summary>
    public const string Cpts = "CPTS";

    /// <summary>Any other structure, or one whose type the publisher did not say.</summary>
    public const string Other = "OTHER";

    /// <summary>The types a structure agenda is counted under, in display order.</summary>
    public static IReadOnlyList<string> Counted { get; } = [Sos, Cds, Msp, Other];
}
