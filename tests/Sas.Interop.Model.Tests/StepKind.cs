namespace Sas.Interop.Model.Tests;

/// <summary>The operations a random sequence is made of (see <see cref="Step"/> for what A–E mean for each).</summary>
internal enum StepKind
{
    // At the pulled publisher (nothing served changes until a sync).
    AddSlot,
    MoveSlot,
    DeleteSlot,
    MarkBusy,
    MarkFree,
    Rename,
    MovePlace,

    // R7, at the pulled publisher: an unavailability declared (a period, an open one, an inactive role or schedule) or lifted.
    DeclareUnavailability,

    // Syncs.
    Sync,
    SyncWithFault,
    SyncWithBadPosition,
    SyncWithEmptyAnswer,

    // Configuration, each followed by a restart.
    RosterRemove,
    RosterAdd,
    DisableInstance,
    EnableInstance,
    RemovePublisher,
    AddPublisher,

    // Pushes by publisher alpha.
    PushPut,
    PushConditionalPut,
    PushDelete,
    PushConditionalDelete,
    PushTransaction,

    // R7 by publisher alpha: its PractitionerRole or Schedule pushed again with (or without) an unavailability.
    PushUnavailability,

    // Appointment by publisher alpha.
    Book,

    // Clock and process.
    AdvancePastStale,
    AdvancePastWithhold,
    Restart,

    // Structure agendas (instance cds, Flow: structure): edits at the publisher (A: the structure, B–C as for a
    // practitioner's slots), R7 (B even: Schedule.active=false; odd: lifted), syncs (A: the batch; B: the fault), and
    // the roster endpoints (A: the structure), which act without restart. Keep them last and together (a range).
    StructureAddSlot,
    StructureMoveSlot,
    StructureDeleteSlot,
    StructureMarkBusy,
    StructureMarkFree,
    StructureDeactivate,
    StructureSync,
    StructureSyncWithFault,
    StructureSyncWithEmptyAnswer,
    StructureRosterRemove,
    StructureRosterAdd,

    // R3 for a structure: alpha pushes its structure (Organization, Location, Schedule) with one slot written or deleted.
    StructurePush,
}
