using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>
/// A connector that passes its configured ids through as they are (<c>Keys:0</c>, <c>Keys:1</c>…, of <c>Kind</c>):
/// its roster and one empty batch per id. What a connector that forgets to normalise its roster looks like.
/// </summary>
internal sealed class RosterConnectorType : ConnectorType
{
    public override string Name => "roster";

    public override SourceRoster? ReadRoster(IConfigurationSection configuration) => new(Kind(configuration), Keys(configuration));

    public override IAgendaConnector Create(ConnectorCreationContext context) => new Connector(Kind(context.Configuration), Keys(context.Configuration));

    private static SyncScopeKind Kind(IConfiguration configuration) => Enum.Parse<SyncScopeKind>(configuration["Kind"] ?? nameof(SyncScopeKind.Practitioner));

    private static string[] Keys(IConfiguration configuration) => [.. configuration.GetSection("Keys").GetChildren().Select(c => c.Value!)];

    private sealed class Connector(SyncScopeKind kind, string[] keys) : IAgendaConnector
    {
        public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var key in keys)
            {
                yield return ConnectorBatch.Success(new SyncScope(kind, [key], context.WindowStart, context.WindowEnd), [], context.WindowStart, TimeSpan.Zero);
            }
        }
    }
}
