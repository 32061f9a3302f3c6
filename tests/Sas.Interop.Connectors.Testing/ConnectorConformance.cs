using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;

namespace Sas.Interop.Connectors.Testing;

/// <summary>
/// The connector test kit: builds an instance the way the hub does, runs it, normalises every batch with the hub's
/// own <see cref="FhirNormalizer"/> and checks the result against the canonical model. Any connector's tests reuse it:
/// <code>
/// var connector = ConnectorConformance.Create(new MyConnectorType(), "my-instance", settings, httpClient);
/// var run = await ConnectorConformance.RunAsync(connector, from, to);
/// ConnectorConformance.AssertConforms(run, roster);
/// </code>
/// </summary>
public static class ConnectorConformance
{
    /// <summary>Validates <paramref name="settings"/> (keys relative to the instance section) and creates the connector.</summary>
    public static IAgendaConnector Create(ConnectorType type, string instanceId, IReadOnlyDictionary<string, string?> settings, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(settings);
        var section = Section(type, instanceId, settings);
        var problems = type.ValidateConfiguration(section).ToList();
        Assert.That(problems, Is.Empty, $"The {type.Name} settings of '{instanceId}' do not validate.");
        return type.Create(new ConnectorCreationContext
        {
            InstanceId = instanceId,
            Configuration = section,
            HttpClient = httpClient,
            LoggerFactory = NullLoggerFactory.Instance,
            TimeProvider = timeProvider ?? TimeProvider.System,
        });
    }

    /// <summary>The instance's section <c>Connectors:&lt;id&gt;</c>, <c>Type</c> included, from flat settings.</summary>
    public static IConfigurationSection Section(ConnectorType type, string instanceId, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(settings);
        var values = settings.ToDictionary(pair => $"Connectors:{instanceId}:{pair.Key}", pair => pair.Value);
        values[$"Connectors:{instanceId}:Type"] = type.Name;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection($"Connectors:{instanceId}");
    }

    /// <summary>Runs one fetch over [<paramref name="from"/>, <paramref name="to"/>] and normalises each successful batch.</summary>
    public static async Task<ConnectorConformanceRun> RunAsync(IAgendaConnector connector, DateTimeOffset from, DateTimeOffset to, string instanceId = "conformance", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var normalizer = new FhirNormalizer();
        var batches = new List<ConnectorBatch>();
        var normalized = new List<(ConnectorBatch, Core.Canonical.NormalizedBatch)>();
        await foreach (var batch in connector.FetchAsync(new ConnectorFetchContext { InstanceId = instanceId, WindowStart = from, WindowEnd = to }, cancellationToken))
        {
            batches.Add(batch);
            if (batch.Succeeded)
            {
                normalized.Add((batch, normalizer.Normalize(instanceId, batch.Scope, batch.Resources, batch.FetchedAt)));
            }
        }

        return new ConnectorConformanceRun { Batches = batches, Normalized = normalized };
    }

    /// <summary>
    /// The roster contract: the type declares a roster (<see cref="ConnectorType.ReadRoster"/>) for these settings,
    /// and it is exactly the set of keys the run's batches were scoped by, of the same kind. The hub serves nothing of
    /// an instance outside its declared roster, so a roster that misses a key the connector fetches hides that key's
    /// slots, and one without a roster keeps serving a key removed from the configuration.
    /// </summary>
    public static void AssertDeclaresRoster(ConnectorType type, string instanceId, IReadOnlyDictionary<string, string?> settings, ConnectorConformanceRun run)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(run);
        var roster = type.ReadRoster(Section(type, instanceId, settings));
        Assert.That(roster, Is.Not.Null, $"{type.Name} declares no roster: a key removed from the configuration would stay served until it goes stale");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Batches.Select(b => b.Scope.Kind).Distinct(), Is.EqualTo(new[] { roster!.Kind }), "batches are scoped by the roster's kind");
            Assert.That(run.Batches.SelectMany(b => b.Scope.Keys).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(roster.Keys.Distinct().Order(StringComparer.Ordinal)), "the declared roster is the keys the batches cover");
        }
    }

    /// <summary>
    /// The canonical-model contract of a healthy run: no failed batch, nothing rejected by the normaliser, every slot
    /// belongs to a practitioner of <paramref name="roster"/> (or, for a roster of structures, <paramref name="kind"/>
    /// <see cref="SyncScopeKind.Organization"/>, to a structure of it) and lies inside its own batch's scope (keys and
    /// window), native slot ids unique, every roster key covered by some batch, and (unless told otherwise) slots.
    /// </summary>
    public static void AssertConforms(ConnectorConformanceRun run, IReadOnlyCollection<string> roster, bool expectSlots = true, SyncScopeKind kind = SyncScopeKind.Practitioner)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(roster);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Failures.Select(f => $"{f.Failure!.Kind}: {f.Failure.Message}"), Is.Empty, "failed batches");
            Assert.That(run.Issues.Where(i => i.Rejected).Select(i => $"{i.ResourceType}/{i.NativeId}: {i.Message}"), Is.Empty, "resources the hub would reject");
            Assert.That(run.Batches.SelectMany(b => b.Scope.Keys).Distinct(), Is.SupersetOf(roster), "every roster key is in some batch's scope");
            foreach (var (batch, normalized) in run.Normalized)
            {
                Assert.That(batch.Scope.Kind, Is.EqualTo(kind), kind == SyncScopeKind.Practitioner ? "PS connectors scope by practitioner" : "structure agendas are scoped by structure");
                foreach (var slot in normalized.Slots)
                {
                    var key = kind == SyncScopeKind.Practitioner ? slot.PractitionerNationalId : slot.OrganizationNationalId;
                    Assert.That(key, Is.AnyOf([.. roster]), $"slot {slot.NativeId} resolves to a roster {(kind == SyncScopeKind.Practitioner ? "practitioner" : "structure")}");
                    Assert.That(batch.Scope.Covers(key!, slot.Start), Is.True, $"slot {slot.NativeId} ({slot.Start:O}) lies in its batch's scope");
                }
            }

            var ids = run.Slots.Select(s => s.NativeId).ToList();
            Assert.That(ids, Is.Unique, "native slot ids");
            if (expectSlots)
            {
                Assert.That(run.Slots, Is.Not.Empty, "slots");
            }
        }
    }
}
