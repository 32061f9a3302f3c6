using Sas.Interop.Ingestion.Push;

namespace Sas.Interop.Ingestion.Appointments;

/// <summary>
/// The sources whose data a publisher owns: what it pushed (<c>push-&lt;id&gt;</c>) and the connector instances that pull
/// its agendas (<c>Publishers:&lt;id&gt;:Connectors</c>). An appointment may book only those slots and practitioners.
/// </summary>
internal sealed class PublisherSources
{
    /// <summary>The publishers' configuration section (the host's <c>PublisherRegistry.SectionName</c>).</summary>
    public const string SectionName = "Publishers";

    private readonly Dictionary<string, IReadOnlySet<string>> _sources;

    private PublisherSources(Dictionary<string, IReadOnlySet<string>> sources) => _sources = sources;

    /// <summary>The source a publisher's pushed data is stored under.</summary>
    public static string PushSourceOf(string publisherId) => PushingPublisher.SourceOf(publisherId);

    /// <param name="connectors">Each publisher's id and the connector instances its <c>Publishers:&lt;id&gt;:Connectors</c> names, in order.</param>
    /// <param name="isConfiguredInstance">True when a <c>Connectors:&lt;instance&gt;</c> section exists.</param>
    public static PublisherSources From(IEnumerable<(string PublisherId, IReadOnlyList<string> Connectors)> connectors, Func<string, bool> isConfiguredInstance)
    {
        var problems = new List<string>();
        var sources = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var (publisherId, named) in connectors)
        {
            var owned = new HashSet<string>(StringComparer.Ordinal) { PushSourceOf(publisherId) };
            for (var i = 0; i < named.Count; i++)
            {
                if (!isConfiguredInstance(named[i]))
                {
                    problems.Add($"{SectionName}:{publisherId}:Connectors[{i}]: no connector instance '{named[i]}' is configured.");
                    continue;
                }

                owned.Add(named[i]);
            }

            sources[publisherId] = owned;
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid publisher configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        return new PublisherSources(sources);
    }

    public IReadOnlySet<string> Of(string publisherId) =>
        _sources.TryGetValue(publisherId, out var owned) ? owned : new HashSet<string>(StringComparer.Ordinal) { PushSourceOf(publisherId) };
}
