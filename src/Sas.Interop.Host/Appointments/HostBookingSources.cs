using Sas.Interop.Host.Admin;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Sources;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Appointments;

/// <summary>The booking rule's view of the hub: its served sources, its publishers and the database's rosters.</summary>
internal sealed class HostBookingSources(PublisherRegistry registry, ConnectorRosters rosters, ServedSources served) : IBookingSources
{
    public IReadOnlyList<string> PublisherIds { get; } = [.. registry.Publishers.Select(p => p.Id)];

    public bool IsServed(string sourceInstance) => served.IsServed(sourceInstance);

    public Task<IReadOnlyList<string>> InstancesRosteringAsync(string nationalId, CancellationToken cancellationToken) =>
        rosters.InstancesHoldingAsync(nationalId, cancellationToken);

    public Task<IReadOnlyList<(string Instance, string NationalId)>> PractitionerRostersAsync(CancellationToken cancellationToken) =>
        rosters.AllAsync(cancellationToken);
}
