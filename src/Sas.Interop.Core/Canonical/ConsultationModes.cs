namespace Sas.Interop.Core.Canonical;

/// <summary>Consultation modes (v3-ActCode, carried in <c>Slot.serviceType</c>). Combinable.</summary>
[Flags]
public enum ConsultationModes
{
    None = 0,

    /// <summary><c>AMB</c>: at the practice.</summary>
    Ambulatory = 1,

    /// <summary><c>HH</c>: home visit.</summary>
    HomeVisit = 2,

    /// <summary><c>VR</c>: teleconsultation.</summary>
    Virtual = 4,
}
