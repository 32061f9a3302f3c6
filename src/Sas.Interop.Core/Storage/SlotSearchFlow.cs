namespace Sas.Interop.Core.Storage;

/// <summary>Which SAS question a practitioner slot search answers.</summary>
public enum SlotSearchFlow
{
    /// <summary>INT_R01: public, professional and SAS slots (a slot open to CPTS structures only is not one of them).</summary>
    PsIndividual = 0,

    /// <summary>INT_R04: every slot, with the CPTS each is visible to.</summary>
    Cpts = 1,
}
