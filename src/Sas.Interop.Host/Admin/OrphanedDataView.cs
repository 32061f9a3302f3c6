using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Admin;

/// <summary>What a source holds and does not serve (<c>orphaned</c> on <c>GET /admin/connectors</c>, and the purge's answer).</summary>
internal sealed record OrphanedDataView(int Total, int Slots, int Practitioners, int Places, int Schedules, int Organizations, int Locations, int HealthcareServices)
{
    public static readonly OrphanedDataView None = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static OrphanedDataView From(SourceOrphans? orphans) => orphans is null
        ? None
        : new(orphans.Total, orphans.Slots, orphans.Practitioners, orphans.Places, orphans.Schedules, orphans.Organizations, orphans.Locations, orphans.HealthcareServices);
}
