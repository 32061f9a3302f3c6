using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Sync.Configuration;

namespace Sas.Interop.Sync.Runs;

/// <summary>
/// The configured instances, each bound to its <see cref="ConnectorType"/>. Building it validates the whole
/// configuration (generic and connector-specific settings) and fails with every problem listed.
/// </summary>
public sealed class ConnectorCatalog
{
    private readonly Dictionary<string, (ConnectorInstance Instance, ConnectorType Type)> _instances;
    private readonly ConcurrentDictionary<string, IAgendaConnector> _connectors = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;

    internal ConnectorCatalog(
        IReadOnlyList<ConnectorInstance> instances,
        IReadOnlyList<string> configurationProblems,
        IEnumerable<ConnectorType> types,
        IHttpClientFactory httpClientFactory,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        _httpClientFactory = httpClientFactory;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;

        var problems = new List<string>(configurationProblems);
        var byName = new Dictionary<string, ConnectorType>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in types)
        {
            // Two registrations under one name (a plugin reusing a built-in's) would make "Type" ambiguous.
            if (!byName.TryAdd(type.Name, type))
            {
                problems.Add($"Connector type '{type.Name}' is registered twice: {byName[type.Name].GetType().AssemblyQualifiedName} and {type.GetType().AssemblyQualifiedName}.");
            }
        }

        _instances = new Dictionary<string, (ConnectorInstance, ConnectorType)>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (!byName.TryGetValue(instance.Type, out var type))
            {
                problems.Add($"Connectors:{instance.Id}:Type '{instance.Type}' is unknown; known types: {string.Join(", ", byName.Keys.Order())}.");
                continue;
            }

            var specific = type.ValidateConfiguration(instance.Section).ToList();
            problems.AddRange(specific.Select(p => $"Connectors:{instance.Id}: {p}"));
            if (specific.Count == 0)
            {
                _instances.Add(instance.Id, (instance, type));
            }
        }

        if (problems.Count > 0)
        {
            throw new ConnectorConfigurationException(problems);
        }
    }

    public IReadOnlyList<ConnectorInstance> Instances => _instances.Values.Select(v => v.Instance).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();

    /// <summary>The keys the instance fetches, as its connector type declares them; null when it declares none.</summary>
    public SourceRoster? RosterOf(ConnectorInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _instances[instance.Id].Type.ReadRoster(instance.Section);
    }

    /// <summary>Why the instance's connector type cannot fetch <paramref name="key"/>; null when it can.</summary>
    public string? RosterKeyProblem(ConnectorInstance instance, string key)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return _instances[instance.Id].Type.RosterKeyProblem(key, instance.Section);
    }

    public ConnectorInstance? Find(string instanceId) =>
        _instances.TryGetValue(instanceId, out var entry) ? entry.Instance : null;

    internal IAgendaConnector GetConnector(ConnectorInstance instance) =>
        _connectors.GetOrAdd(instance.Id, _ =>
        {
            var type = _instances[instance.Id].Type;
            return type.Create(new ConnectorCreationContext
            {
                InstanceId = instance.Id,
                Configuration = instance.Section,
                HttpClient = _httpClientFactory.CreateClient(instance.HttpClientName),
                LoggerFactory = _loggerFactory,
                TimeProvider = _timeProvider,
            });
        });
}
