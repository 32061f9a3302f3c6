namespace Sas.Interop.Testing.Conformance;

/// <summary>How much a <see cref="ProfileViolation"/> weighs.</summary>
public enum ViolationSeverity
{
    /// <summary>The instance breaks a rule the checker evaluated.</summary>
    Error,

    /// <summary>A rule applied here but the checker could not evaluate it (external value set, unsupported discriminator…).</summary>
    Skipped,
}
