namespace Sas.Interop.Fhir.Bundles;

/// <summary>Which IG flow a Slot is emitted for: it decides the profile and the codes allowed.</summary>
internal enum SlotFlavour
{
    PsIndividual = 0,
    Cpts = 1,
    Sos = 2,
}
