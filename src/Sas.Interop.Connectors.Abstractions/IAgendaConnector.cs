namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// A source of agenda data. One instance per configured connector instance. A connector maps whatever its
/// publisher speaks into FHIR R4 resources; the hub normalises, validates and stores them.
/// </summary>
/// <remarks>
/// Must: honour cancellation, yield one <see cref="ConnectorBatch"/> per unit of work it fetched (success or
/// failure), and say exactly which keys and window each batch is authoritative for.
/// Must not: touch the database, swallow failures as empty successes, or call <c>DateTime.Now</c>.
/// </remarks>
public interface IAgendaConnector
{
    IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, CancellationToken cancellationToken);
}
