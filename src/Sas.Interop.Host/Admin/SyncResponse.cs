using Sas.Interop.Core.Sync;

namespace Sas.Interop.Host.Admin;

/// <summary>Body of <c>POST /admin/connectors/{id}/sync</c>.</summary>
internal sealed record SyncResponse(
    string Instance,
    SyncRunStatus Status,
    int PractitionersAsked,
    int BatchesSucceeded,
    int BatchesFailed,
    int SlotsFetched,
    int SlotsStored,
    int SlotsRemoved,
    int ResourcesRejected,
    double DurationMs,
    IReadOnlyList<string> Errors)
{
    public static SyncResponse From(SyncRunSummary s) => new(
        s.InstanceId,
        s.Status,
        s.KeysAsked,
        s.BatchesSucceeded,
        s.BatchesFailed,
        s.SlotsFetched,
        s.SlotsStored,
        s.SlotsRemoved,
        s.ResourcesRejected,
        Math.Round(s.Duration.TotalMilliseconds, 1),
        s.Errors);
}
