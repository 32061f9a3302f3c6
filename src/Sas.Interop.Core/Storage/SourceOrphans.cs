namespace Sas.Interop.Core.Storage;

/// <summary>
/// What the store holds for one source and does not serve: everything of a source no longer configured or enabled
/// (<see cref="SourceServed"/> false), or the rows of keys removed from a served instance's roster.
/// </summary>
public sealed record SourceOrphans(
    string SourceInstance,
    bool SourceServed,
    int Slots,
    int Practitioners,
    int Places,
    int Schedules,
    int Organizations,
    int Locations,
    int HealthcareServices)
{
    public int Total => Slots + Practitioners + Places + Schedules + Organizations + Locations + HealthcareServices;
}
