using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Template;

/// <summary>TODO: what publisher this reads and how (endpoints, auth, paging).</summary>
internal sealed class TemplateConnector(ConnectorCreationContext context, IReadOnlyList<string> practitioners) : IAgendaConnector
{
    private const int BatchSize = 25;

    // TODO: build a Refit client over context.HttpClient (RestService.For<IMyApi>(context.HttpClient)), never AddRefitClient.
    private readonly HttpClient _httpClient = context.HttpClient;
    private readonly TimeProvider _timeProvider = context.TimeProvider;

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        foreach (var keys in (fetch.Roster ?? practitioners).Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scope = new SyncScope(SyncScopeKind.Practitioner, keys, fetch.WindowStart, fetch.WindowEnd);
            var started = _timeProvider.GetTimestamp();
            ConnectorBatch batch;
            try
            {
                var resources = await FetchBatchAsync(keys, fetch.WindowStart, fetch.WindowEnd, cancellationToken);
                batch = ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // TODO: classify (Timeout, HttpStatus, Network, Malformed…) so admins see why.
                batch = ConnectorBatch.Failed(scope, new ConnectorFailure(ConnectorFailureKind.Other, exception.Message), _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
            }

            yield return batch;
        }
    }

    private Task<IReadOnlyList<Resource>> FetchBatchAsync(IReadOnlyList<string> keys, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // TODO: call the publisher with _httpClient and map each agenda with PsAgendaResources:
        // Practitioner (national id) + Role (practice place) + Schedule + one Slot per start in [from, to].
        _ = (_httpClient, keys, from, to, cancellationToken);
        return System.Threading.Tasks.Task.FromResult<IReadOnlyList<Resource>>([]);
    }
}
