using CsCheck;

namespace Sas.Interop.Model.Tests;

/// <summary>CsCheck generators of step sequences (5–25 steps), weighted towards agenda edits, syncs and pushes.</summary>
internal static class StepGenerator
{
    /// <summary>Step kinds left out, from <c>SAS_INTEROP_MODEL_SKIP</c> (comma-separated names): to look past a known disagreement.</summary>
    public static readonly IReadOnlySet<StepKind> Skipped = (Environment.GetEnvironmentVariable("SAS_INTEROP_MODEL_SKIP") ?? string.Empty)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(name => Enum.Parse<StepKind>(name, ignoreCase: true))
        .ToHashSet();

    private static readonly (int Weight, StepKind Kind)[] Weights =
    [
        (8, StepKind.AddSlot),
        (3, StepKind.MoveSlot),
        (3, StepKind.DeleteSlot),
        (2, StepKind.MarkBusy),
        (1, StepKind.MarkFree),
        (1, StepKind.Rename),
        (1, StepKind.MovePlace),
        (2, StepKind.DeclareUnavailability),
        (9, StepKind.Sync),
        (3, StepKind.SyncWithFault),
        (1, StepKind.SyncWithBadPosition),
        (2, StepKind.SyncWithEmptyAnswer),
        (1, StepKind.RosterRemove),
        (1, StepKind.RosterAdd),
        (1, StepKind.DisableInstance),
        (1, StepKind.EnableInstance),
        (1, StepKind.RemovePublisher),
        (1, StepKind.AddPublisher),
        (4, StepKind.PushPut),
        (2, StepKind.PushConditionalPut),
        (2, StepKind.PushDelete),
        (1, StepKind.PushConditionalDelete),
        (2, StepKind.PushTransaction),
        (1, StepKind.PushUnavailability),
        (3, StepKind.Book),
        (2, StepKind.AdvancePastStale),
        (1, StepKind.AdvancePastWithhold),
        (1, StepKind.Restart),
        (4, StepKind.StructureAddSlot),
        (1, StepKind.StructureMoveSlot),
        (1, StepKind.StructureDeleteSlot),
        (1, StepKind.StructureMarkBusy),
        (1, StepKind.StructureMarkFree),
        (1, StepKind.StructureDeactivate),
        (4, StepKind.StructureSync),
        (1, StepKind.StructureSyncWithFault),
        (1, StepKind.StructureSyncWithEmptyAnswer),
        (1, StepKind.StructureRosterRemove),
        (1, StepKind.StructureRosterAdd),
        (2, StepKind.StructurePush),
    ];

    private static readonly Gen<int> Argument = Gen.Int[0, 99];

    public static readonly Gen<Step> Step = Gen.Select(
        Gen.Frequency([.. Weights.Where(w => !Skipped.Contains(w.Kind)).Select(w => (w.Weight, Gen.Const(w.Kind)))]),
        Argument,
        Argument,
        Argument,
        Argument,
        Argument,
        (kind, a, b, c, d, e) => new Step(kind, a, b, c, d, e));

    public static readonly Gen<Step[]> Sequence = Step.Array[5, 25];

    /// <summary>The sequence of one seed (the same seed always gives the same sequence).</summary>
    public static Step[] For(ulong seed) => Sequence.Generate(new PCG(1, seed), null, out _);
}
