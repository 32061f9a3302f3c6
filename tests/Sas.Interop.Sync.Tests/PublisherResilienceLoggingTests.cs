using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Sync.Tests;

public sealed class PublisherResilienceLoggingTests
{
    [Test]
    public async Task A_publisher_that_never_answers_logs_one_line_per_retry_and_no_stack_traces_from_Polly()
    {
        // A publisher that never answers: every attempt times out.
        await using var silent = new LoopbackServer(_ => (200, null, Timeout.InfiniteTimeSpan));
        var port = silent.Port;
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:silent:Type"] = "scripted",
            ["Connectors:silent:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Connectors:silent:Resilience:AttemptTimeout"] = "00:00:00.2",
            ["Connectors:silent:Resilience:TotalTimeout"] = "00:00:02",
            ["Connectors:silent:Resilience:MaxRetryAttempts"] = "1",
            ["Connectors:silent:Resilience:RetryBaseDelay"] = "00:00:00.01",
        };
        var logs = new CapturingLoggerProvider();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSasInteropSync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddConnectorType<ScriptedConnectorType>()
            .BuildServiceProvider();
        var instance = services.GetRequiredService<ConnectorCatalog>().Find("silent")!;
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(instance.HttpClientName);

        Assert.That(async () => await client.GetAsync(new Uri("Slot", UriKind.Relative)), Throws.InstanceOf<Exception>());

        var polly = logs.Entries.Where(e => e.Category.StartsWith("Polly", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(polly, Is.Not.Empty, "Polly's events are still there, at a quieter level");
            Assert.That(polly.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message), Is.Empty);
            Assert.That(logs.Entries.Where(e => e.Level >= LogLevel.Warning && e.HasException).Select(e => e.Category), Is.Empty, "no stack trace at Warning or above");
            Assert.That(logs.Entries.Count(e => e.Category == "Sas.Interop.Sync.Resilience" && e.Level == LogLevel.Warning), Is.EqualTo(1), "the hub's own line for the one retry");
        });
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, bool HasException);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception is not null));
    }
}
