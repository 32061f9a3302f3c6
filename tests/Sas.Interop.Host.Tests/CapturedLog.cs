using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Every event the hub's Serilog logger writes, kept in memory: registered as an <see cref="ILogEventSink"/>
/// service, which the hub's <c>ReadFrom.Services</c> adds beside its configured sinks.
/// </summary>
internal sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Register(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The first event that matches, waiting for it: the request line is written after the response.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no log event {what}; got:{Environment.NewLine}{string.Join(Environment.NewLine, _events.Select(e => e.RenderMessage()))}");
        throw new InvalidOperationException("unreachable");
    }

    public static string? Scalar(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: { } scalar } ? scalar.ToString() : null;
}
