using System.Globalization;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// One generated operation. Its arguments are small numbers read modulo what exists when the step runs (the n-th
/// practitioner, the n-th slot…), so every step applies to any state and a sequence stays valid when shrinking drops
/// steps. What a step did, resolved against the state, is printed by the runner.
/// </summary>
internal sealed record Step(StepKind Kind, int A = 0, int B = 0, int C = 0, int D = 0, int E = 0)
{
    /// <summary>Reads <c>Kind(a,b,c,d,e)</c> steps (what <see cref="ToString"/> writes) separated by <c>;</c>; missing arguments are 0.</summary>
    public static Step[] ParseSequence(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    public static Step Parse(string text)
    {
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var kind = Enum.Parse<StepKind>(open < 0 ? text : text[..open], ignoreCase: true);
        var arguments = open < 0 ? [] : text[(open + 1)..].TrimEnd(')').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        int At(int i) => i < arguments.Length ? arguments[i] : 0;
        return new Step(kind, At(0), At(1), At(2), At(3), At(4));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({A},{B},{C},{D},{E})");
}
