using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Hosting;

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

    /// <summary>
    /// The HttpClient the hub gives instance <paramref name="instanceId"/> in production, calling
    /// <paramref name="baseAddress"/>: User-Agent, timeouts and the resilience pipeline (concurrency limit, total
    /// timeout, retries that honour <c>Retry-After</c>, circuit breaker, attempt timeout), built by the hub's own
    /// registration. <paramref name="settings"/> are keys relative to the instance section, as in <see cref="Create"/>
    /// (<c>Resilience:MaxRetryAttempts</c>, <c>Resilience:RetryBaseDelay</c>, <c>Resilience:AttemptTimeout</c>…); what
    /// they leave out takes the hub's defaults, and settings the hub would refuse fail with the hub's messages.
    /// The caller disposes the returned client; that releases the pipeline behind it too.
    /// <code>
    /// using var http = ConnectorConformance.HubHttpClient("my-instance", publisher.BaseAddress,
    ///     new Dictionary&lt;string, string?&gt; { ["Resilience:RetryBaseDelay"] = "00:00:00.05" });
    /// var connector = ConnectorConformance.Create(new MyConnectorType(), "my-instance", settings, http);
    /// </code>
    /// </summary>
    public static HttpClient HubHttpClient(string instanceId, Uri baseAddress, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(baseAddress);
        var values = (settings ?? new Dictionary<string, string?>()).ToDictionary(pair => $"Connectors:{instanceId}:{pair.Key}", pair => pair.Value);
        values[$"Connectors:{instanceId}:BaseUrl"] = baseAddress.AbsoluteUri;

        // The hub requires a type of every instance; the client does not depend on it.
        values.TryAdd($"Connectors:{instanceId}:Type", "conformance");
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection($"Connectors:{instanceId}");
        var services = new ServiceCollection().AddLogging();
        string name;
        try
        {
            name = services.AddConnectorHttpClient(section);
        }
        catch (ConnectorConfigurationException ex)
        {
            Assert.That(ex.Problems, Is.Empty, $"The hub would refuse the settings of '{instanceId}'.");
            throw;
        }

        var provider = services.BuildServiceProvider();
        try
        {
            // What IHttpClientFactory.CreateClient does, on a client that owns the provider so disposing it frees all.
            var client = new ServiceOwningHttpClient(provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(name), provider);
            foreach (var configure in provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(name).HttpClientActions)
            {
                configure(client);
            }

            return client;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
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
    /// slots, and one without a roster keeps serving a key removed from the configuration. Roster and scope keys are
    /// prefixed national ids, as the hub keys them: <c>8</c>+RPPS or <c>0</c>+ADELI for practitioners, <c>1</c>+FINESS
    /// or <c>3</c>+SIRET for structures; a bare id fails with the form it should have.
    /// </summary>
    public static void AssertDeclaresRoster(ConnectorType type, string instanceId, IReadOnlyDictionary<string, string?> settings, ConnectorConformanceRun run)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(run);
        var roster = type.ReadRoster(Section(type, instanceId, settings));
        Assert.That(roster, Is.Not.Null, $"{type.Name} declares no roster: a key removed from the configuration would stay served until it goes stale");
        using (Assert.EnterMultipleScope())
        {
            AssertKeyFormat(roster!.Keys, roster.Kind, "roster key");
            AssertBatchKeyFormat(run);
            Assert.That(run.Batches.Select(b => b.Scope.Kind).Distinct(), Is.EqualTo(new[] { roster!.Kind }), "batches are scoped by the roster's kind");
            Assert.That(run.Batches.SelectMany(b => b.Scope.Keys).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(roster.Keys.Distinct().Order(StringComparer.Ordinal)), "the declared roster is the keys the batches cover");
        }
    }

    /// <summary>
    /// The canonical-model contract of a healthy run: no failed batch, nothing rejected by the normaliser, every slot
    /// belongs to a practitioner of <paramref name="roster"/> (or, for a roster of structures, <paramref name="kind"/>
    /// <see cref="SyncScopeKind.Organization"/>, to a structure of it) and lies inside its own batch's scope (keys and
    /// window), native slot ids unique, every roster key covered by some batch, and (unless told otherwise) slots.
    /// Roster and scope keys are prefixed national ids (8+RPPS, 0+ADELI; 1+FINESS, 3+SIRET): a bare one fails.
    /// </summary>
    public static void AssertConforms(ConnectorConformanceRun run, IReadOnlyCollection<string> roster, bool expectSlots = true, SyncScopeKind kind = SyncScopeKind.Practitioner)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(roster);
        using (Assert.EnterMultipleScope())
        {
            AssertKeyFormat(roster, kind, "roster key");
            AssertBatchKeyFormat(run);
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

    // Inside the callers' multiple-assert scope: every malformed key is reported, with the form the hub expects.
    private static void AssertKeyFormat(IEnumerable<string> keys, SyncScopeKind kind, string label)
    {
        foreach (var problem in RosterKeyFormat.Problems(keys, kind, label))
        {
            Assert.Fail(problem);
        }
    }

    private static void AssertBatchKeyFormat(ConnectorConformanceRun run)
    {
        foreach (var group in run.Batches.GroupBy(b => b.Scope.Kind))
        {
            AssertKeyFormat(group.SelectMany(b => b.Scope.Keys), group.Key, "batch scope key");
        }
    }
}
