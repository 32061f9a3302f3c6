namespace Sas.Interop.Core.Canonical;

/// <summary>v2-0276 appointment type of a slot.</summary>
public enum AppointmentKind
{
    Unspecified = 0,

    /// <summary><c>ROUTINE</c>: bookable.</summary>
    Routine = 1,

    /// <summary><c>WALKIN</c>: no appointment needed.</summary>
    WalkIn = 2,
}
