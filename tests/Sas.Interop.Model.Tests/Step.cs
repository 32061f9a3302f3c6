using System.Globalization;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// One generated operation. Its arguments are small numbers read modulo what exists when the step runs (the n-th
/// practitioner, the n-th slot…), so every step applies to any state and a sequence stays valid when shrinking drops
/// steps. What a step did, resolved against the state, is printed by the runner.
/// </summary>
internal sealed record Step(StepKind Kind, int A = 0, int B = 0, int C = 0, int D = 0, int E = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B},{C},{D},{E})");
}
