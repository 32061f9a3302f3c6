namespace Sas.Interop.Core.Canonical;

/// <summary>
/// The duration a practitioner gives one consultation mode at a place, as the publisher declares it (fr-core
/// <c>service-type-duration</c> on the PractitionerRole).
/// </summary>
/// <param name="Mode">One mode (AMB, HH or VR).</param>
/// <param name="Minutes">1 to 1440.</param>
public sealed record DeclaredDuration(ConsultationModes Mode, int Minutes);
