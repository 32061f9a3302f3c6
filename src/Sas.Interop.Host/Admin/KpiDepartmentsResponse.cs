namespace Sas.Interop.Host.Admin;

/// <summary>
/// Body of <c>GET /admin/kpis/departments</c>: the free slots of <c>/admin/kpis</c>'s totals, split by department.
/// <see cref="Unlocated"/> holds the slots whose place has no usable postal code, so the departments and it add up
/// to <see cref="FreeSlots"/>, the same number <c>/admin/kpis</c> gives for the same filters.
/// </summary>
internal sealed record KpiDepartmentsResponse(
    DateOnly From,
    DateOnly To,
    string? Commune,
    string? Department,
    string CommuneMethod,
    int FreeSlots,
    int Unlocated,
    IReadOnlyList<KpiDepartmentCount> Departments);
