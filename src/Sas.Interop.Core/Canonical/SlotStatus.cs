namespace Sas.Interop.Core.Canonical;

/// <summary>FHIR slot status. The SAS only ever asks for <see cref="Free"/>.</summary>
public enum SlotStatus
{
    Free = 0,
    Busy = 1,
    BusyUnavailable = 2,
    BusyTentative = 3,
    EnteredInError = 4,
}
