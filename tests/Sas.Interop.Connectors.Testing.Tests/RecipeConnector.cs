using System.Runtime.CompilerServices;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>
/// The recipe's connector (connectors/README.md), through the hub's client: one batch per practitioner of the roster
/// (keys 8+RPPS), a 404 an empty successful batch (no agenda there: its slots are withdrawn), any other failure a
/// failed batch of that practitioner alone, cancellation rethrown. Slots are left out: this is about the HTTP layer.
/// </summary>
internal sealed class RecipeConnector(HttpClient http, IReadOnlyList<string> roster, TimeProvider time) : IAgendaConnector
{
    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var key in roster)
        {
            var scope = new SyncScope(SyncScopeKind.Practitioner, [key], context.WindowStart, context.WindowEnd);
            yield return await FetchAsync(scope, rpps: key[1..], cancellationToken);
        }
    }

    private async Task<ConnectorBatch> FetchAsync(SyncScope scope, string rpps, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(new Uri($"practitioners/{rpps}/slots", UriKind.Relative), cancellationToken);
            if (PublisherFailures.FromResponse(response) is { } failure)
            {
                return ConnectorBatch.Failed(scope, failure, time.GetUtcNow(), time.GetElapsedTime(started));
            }

            // A 404 is an empty agenda, not a failure; a real connector maps a 200's body to PsAgendaResources here.
            return ConnectorBatch.Success(scope, [], time.GetUtcNow(), time.GetElapsedTime(started));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One practitioner failing must not cost the others, and must not look like an empty agenda. A cancelled
            // sync (the filter is false) propagates: the hub stops, it does not record failures.
            return ConnectorBatch.Failed(scope, PublisherFailures.FromException(ex), time.GetUtcNow(), time.GetElapsedTime(started));
        }
    }
}
