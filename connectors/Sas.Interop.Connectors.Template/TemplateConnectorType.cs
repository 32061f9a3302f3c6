using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;

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

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var practitioners = context.Configuration.GetSection("Practitioners").GetChildren().Select(c => c.Value).OfType<string>().ToList();
        return new TemplateConnector(context, practitioners);
    }
}
