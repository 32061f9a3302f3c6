using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>The duration a practitioner gives one consultation mode (a teleconsultation, a home visit, a cabinet visit).</summary>
public sealed record StandardDuration(ConsultationModes Mode, int Minutes, StandardDurationSource Source);
