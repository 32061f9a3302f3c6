using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sas.Interop.Connectors.Testing.Simulation;

/// <summary>
/// Base of a publisher simulator for a connector's tests: a real Kestrel server on 127.0.0.1 (an ephemeral port in
/// tests, a fixed one in serve mode, to run next to a hub), a request log, and a queue of faults answered, in order,
/// instead of the next requests. Derive, and map the publisher's API in <see cref="MapEndpoints"/>:
/// <code>
/// await using var publisher = new MyPublisherSimulator();
/// await publisher.StartAsync();
/// publisher.EnqueueFault(PublisherFault.TooManyRequests(TimeSpan.FromSeconds(1)));
/// var client = ConnectorConformance.HubHttpClient("my-instance", publisher.BaseAddress);
/// </code>
/// </summary>
public abstract class LoopbackPublisherSimulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<PublisherFault> _faults = new();
    private readonly ConcurrentQueue<RecordedPublisherRequest> _requests = new();
    private WebApplication? _app;

    /// <summary>Where the simulator listens, with a trailing slash (e.g. <c>http://127.0.0.1:5123/</c>).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received so far, in arrival order, faulted ones included.</summary>
    public IReadOnlyList<RecordedPublisherRequest> Requests => [.. _requests];

    /// <summary>Faults queued and not yet answered.</summary>
    public int PendingFaults => _faults.Count;

    /// <summary>Queues faults: each is the answer to one next request, whatever its path.</summary>
    public void EnqueueFault(params PublisherFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Starts listening on 127.0.0.1 (<paramref name="port"/> 0: an ephemeral port, as tests want).</summary>
    public async Task StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The simulator is already started.");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = GetType().Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        var app = builder.Build();
        app.Use(AnswerAsync);
        app.UseRouting();
        MapEndpoints(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        _app = app;
    }

    /// <summary>
    /// Serve mode, to run the simulator next to a hub (e.g. from a console entry point): listens on
    /// <paramref name="port"/>, writes its address to <paramref name="output"/> and serves until cancelled.
    /// </summary>
    public async Task ServeAsync(int port, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await StartAsync(port, cancellationToken);
        await output.WriteLineAsync($"{GetType().Name} listening on {BaseAddress} (Ctrl+C stops)");
        await output.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: serve mode ends normally.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
            _app = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Maps the publisher's API (minimal API routes) on the simulator.</summary>
    protected abstract void MapEndpoints(IEndpointRouteBuilder endpoints);

    private async Task AnswerAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var receivedAt = DateTimeOffset.UtcNow;
        var authorization = request.Headers.Authorization.ToString();
        var faulted = _faults.TryDequeue(out var fault);

        // Logged as the answer's headers go out, so a caller holding the answer always finds its request in the log.
        context.Response.OnStarting(() =>
        {
            _requests.Enqueue(new RecordedPublisherRequest(
                receivedAt,
                request.Method,
                request.Path + request.QueryString,
                authorization.Length == 0 ? null : authorization,
                context.Response.StatusCode,
                faulted));
            return Task.CompletedTask;
        });
        if (faulted)
        {
            if (fault!.Delay is { } delay)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The caller gave up first, as a timeout should.
                }
            }

            context.Response.StatusCode = (int)fault.Status;
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        }
        else
        {
            await next(context);
        }

        // An answer without a body still sends its headers (and logs the request) now.
        if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.StartAsync(CancellationToken.None);
        }
    }
}
