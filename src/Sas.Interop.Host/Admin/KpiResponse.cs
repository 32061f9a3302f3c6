namespace Sas.Interop.Host.Admin;

/// <summary>Body of <c>GET /admin/kpis</c>.</summary>
internal sealed record KpiResponse(
    DateOnly From,
    DateOnly To,
    string Granularity,
    string? Commune,
    string? Department,
    string CommuneMethod,
    IReadOnlyList<KpiPeriod> Periods,
    KpiPeriod Totals,
    KpiRosterGap RosterWithoutSlots,
    string AppointmentsReceivedNote);
