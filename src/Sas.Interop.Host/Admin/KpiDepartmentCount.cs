namespace Sas.Interop.Host.Admin;

/// <summary>Free slots of one department over the period (a slot counts once in <see cref="FreeSlots"/>, in each of its modes and types).</summary>
internal sealed record KpiDepartmentCount(
    string Department,
    int FreeSlots,
    IReadOnlyDictionary<string, int> ByMode,
    IReadOnlyDictionary<string, int> ByType);
