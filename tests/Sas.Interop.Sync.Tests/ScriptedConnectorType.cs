using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Sync.Tests;

/// <summary>
/// A connector type for testing the runtime: each instance replays the batches a test queued for it, so the
/// sync service's handling of success, failure and exceptions can be asserted exactly. A script written as an
/// iterator runs lazily, batch by batch, as the sync service asks for the next batch.
/// </summary>
internal sealed class ScriptedConnectorType : ConnectorType
{
    public static readonly Dictionary<string, Queue<Func<ConnectorFetchContext, IEnumerable<ConnectorBatch>>>> Scripts = new(StringComparer.Ordinal);

    public override string Name => "scripted";

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        if (configuration["Reject"] == "true")
        {
            yield return "Reject is set";
        }
    }

    public override IAgendaConnector Create(ConnectorCreationContext context) => new ScriptedConnector(context.InstanceId);

    private sealed class ScriptedConnector(string instanceId) : IAgendaConnector
    {
        public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            var next = Scripts[instanceId].Dequeue();
            foreach (var batch in next(context))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return batch;
            }
        }
    }
}
