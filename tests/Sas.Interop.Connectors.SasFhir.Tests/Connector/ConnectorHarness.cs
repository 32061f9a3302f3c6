using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

/// <summary>Builds connector instances the way the hub does: configuration section, own HttpClient, logger, clock.</summary>
internal sealed class ConnectorHarness : IDisposable
{
    public const string InstanceId = "sim-publisher";

    private readonly LoggerFactory _loggerFactory;

    public ConnectorHarness()
    {
        _loggerFactory = new LoggerFactory([Logs]);
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public HttpClient HttpClient { get; private set; } = new();

    public static IConfigurationSection Section(string? baseUrl, IEnumerable<string>? practitioners, int? batchSize = null, string? flow = null, IEnumerable<string>? organizations = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Connectors:sim-publisher:Type"] = "sas-fhir",
            ["Connectors:sim-publisher:BaseUrl"] = baseUrl,
            ["Connectors:sim-publisher:BatchSize"] = batchSize?.ToString(CultureInfo.InvariantCulture),
            ["Connectors:sim-publisher:Flow"] = flow,
        };
        var index = 0;
        foreach (var id in practitioners ?? [])
        {
            values[$"Connectors:sim-publisher:Practitioners:{index++}"] = id;
        }

        index = 0;
        foreach (var siret in organizations ?? [])
        {
            values[$"Connectors:sim-publisher:Organizations:{index++}"] = siret;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values.Where(pair => pair.Value is not null)).Build().GetSection("Connectors:sim-publisher");
    }

    /// <summary>A connector over a fresh HttpClient whose BaseAddress is <paramref name="baseAddress"/> (null: left unset).</summary>
    public IAgendaConnector Create(IConfigurationSection configuration, string? baseAddress, TimeProvider? timeProvider = null, TimeSpan? timeout = null)
    {
        HttpClient.Dispose();
        HttpClient = new HttpClient();
        if (baseAddress is not null)
        {
            HttpClient.BaseAddress = new Uri(baseAddress);
        }

        if (timeout is { } value)
        {
            HttpClient.Timeout = value;
        }

        return new SasFhirConnectorType().Create(new ConnectorCreationContext
        {
            InstanceId = InstanceId,
            Configuration = configuration,
            HttpClient = HttpClient,
            LoggerFactory = _loggerFactory,
            TimeProvider = timeProvider ?? TimeProvider.System,
        });
    }

    /// <summary>An SOS Médecins instance: Flow sos, Organizations as given, no Practitioners.</summary>
    public static IConfigurationSection SosSection(string? baseUrl, IEnumerable<string>? organizations, int? batchSize = null) =>
        Section(baseUrl, null, batchSize, "sos", organizations);

    public static async Task<List<ConnectorBatch>> FetchAllAsync(IAgendaConnector connector, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var batches = new List<ConnectorBatch>();
        await foreach (var batch in connector.FetchAsync(new ConnectorFetchContext { InstanceId = InstanceId, WindowStart = from, WindowEnd = to }, cancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>A loopback port nothing listens on (just released by the OS).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        HttpClient.Dispose();
        _loggerFactory.Dispose();
    }

    /// <summary>Keeps every log line written, for assertions.</summary>
    internal sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(_entries);

        public void Dispose()
        {
        }

        private sealed class RecordingLogger(ConcurrentQueue<(LogLevel Level, string Message)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
