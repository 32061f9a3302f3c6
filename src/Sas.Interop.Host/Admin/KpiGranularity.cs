namespace Sas.Interop.Host.Admin;

/// <summary>How KPI days are grouped; weeks are ISO weeks (Monday first).</summary>
internal enum KpiGranularity
{
    Day,
    Week,
    Month,
}
