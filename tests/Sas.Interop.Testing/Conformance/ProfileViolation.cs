namespace Sas.Interop.Testing.Conformance;

/// <summary>One finding of <see cref="ProfileRuleChecker"/>.</summary>
/// <param name="Location">FHIRPath-ish location, e.g. <c>Bundle.entry[2].resource(Slot/s1).meta.security[0]</c>.</param>
/// <param name="Rule">The rule kind and its parameter, e.g. <c>cardinality 1..1</c>, <c>binding required …</c>.</param>
/// <param name="Profile">Canonical URL of the profile the rule comes from.</param>
/// <param name="Message">What is wrong (or why the rule was skipped).</param>
/// <param name="Severity">Error, or a rule the checker could not evaluate.</param>
public sealed record ProfileViolation(string Location, string Rule, string Profile, string Message, ViolationSeverity Severity)
{
    public bool IsError => Severity == ViolationSeverity.Error;

    public override string ToString() => $"{Severity} at {Location}: {Rule} ({Profile}): {Message}";
}
