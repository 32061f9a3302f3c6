using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Appointments;

/// <summary>
/// The sources whose data a publisher owns: what it pushed (<c>push-&lt;id&gt;</c>) and the connector instances that pull
/// its agendas (<c>Publishers:&lt;id&gt;:Connectors</c>). An appointment may book only those slots and practitioners.
/// </summary>
internal sealed class PublisherSources
{
    private readonly Dictionary<string, IReadOnlySet<string>> _sources;

    private PublisherSources(Dictionary<string, IReadOnlySet<string>> sources) => _sources = sources;

    public static PublisherSources FromConfiguration(IConfiguration configuration, PublisherRegistry registry)
    {
        var problems = new List<string>();
        var sources = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var publisher in registry.Publishers)
        {
            var owned = new HashSet<string>(StringComparer.Ordinal) { publisher.SourceInstance };
            var connectors = configuration.GetSection($"{PublisherRegistry.SectionName}:{publisher.Id}:Connectors").Get<string[]>() ?? [];
            for (var i = 0; i < connectors.Length; i++)
            {
                if (!configuration.GetSection($"Connectors:{connectors[i]}").Exists())
                {
                    problems.Add($"{PublisherRegistry.SectionName}:{publisher.Id}:Connectors[{i}]: no connector instance '{connectors[i]}' is configured.");
                    continue;
                }

                owned.Add(connectors[i]);
            }

            sources[publisher.Id] = owned;
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid publisher configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        return new PublisherSources(sources);
    }

    public IReadOnlySet<string> Of(string publisherId) =>
        _sources.TryGetValue(publisherId, out var owned) ? owned : new HashSet<string>(StringComparer.Ordinal) { PushPublisher.SourcePrefix + publisherId };
}
