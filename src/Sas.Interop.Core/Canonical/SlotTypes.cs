namespace Sas.Interop.Core.Canonical;

/// <summary>Slot visibility types from TRE_R314 (carried in <c>Slot.meta.security</c>). Combinable.</summary>
[Flags]
public enum SlotTypes
{
    None = 0,

    /// <summary><c>PUBLIC</c>: open to the general public.</summary>
    Public = 1,

    /// <summary><c>PRO</c>: open to health professionals.</summary>
    Pro = 2,

    /// <summary><c>SNP</c>: dedicated to SAS regulators (soins non programmés).</summary>
    Snp = 4,

    /// <summary><c>CPTS</c>: open to CPTS structures.</summary>
    Cpts = 8,
}
