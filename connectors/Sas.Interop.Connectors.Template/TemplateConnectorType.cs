using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Template;

/// <summary><c>Type = template</c>. TODO: rename, pick the Type name admins will write, list the settings here.</summary>
public sealed class TemplateConnectorType : ConnectorType
{
    public const string TypeName = "template";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // TODO: one readable message per problem; the hub refuses to start an instance with any.
        if (string.IsNullOrWhiteSpace(configuration["BaseUrl"]))
        {
            yield return "BaseUrl is required.";
        }

        if (!configuration.GetSection("Practitioners").GetChildren().Any())
        {
            yield return "Practitioners is required: the national ids this instance fetches.";
        }
    }

    // The keys the hub serves from an instance: exactly those its batches are scoped by. Without this override, a
    // practitioner removed from the configuration would stay served until its slots go stale.
    public override SourceRoster? ReadRoster(IConfigurationSection configuration) =>
        new(SyncScopeKind.Practitioner, Practitioners(configuration));

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TemplateConnector(context, Practitioners(context.Configuration));
    }

    // TODO: normalise the ids as the publisher's batches will carry them (NationalIdentifiers.TryNormalizePractitioner).
    private static List<string> Practitioners(IConfigurationSection configuration) =>
        configuration.GetSection("Practitioners").GetChildren().Select(c => c.Value).OfType<string>().ToList();
}
