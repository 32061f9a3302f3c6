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

    // Appointment by publisher alpha.
    Book,

    // Clock and process.
    AdvancePastStale,
    AdvancePastWithhold,
    Restart,
}
