using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Sync.Hosting;
using Sas.Interop.Sync.Ingestion;

namespace Sas.Interop.Sync.Tests;

/// <summary>The per-instance HTTP pipeline against a raw loopback server: what a publisher actually sees.</summary>
public sealed class PublisherPipelineTests
{
    [Test]
    public async Task A_publisher_never_sees_more_than_MaxConcurrentRequests_at_once_and_queued_requests_all_complete()
    {
        await using var server = new LoopbackServer(_ => (200, null, TimeSpan.FromMilliseconds(150)));
        await using var services = Build(server.Port, ("MaxConcurrentRequests", "2"));
        using var client = Client(services);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.GetAsync(new Uri($"Slot?n={i}", UriKind.Relative))));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
            Assert.That(server.Requests, Has.Count.EqualTo(8));
            Assert.That(server.MaxInFlight, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_429_with_Retry_After_is_retried_after_the_publisher_s_delay_not_the_hub_s()
    {
        // First request refused with Retry-After: 1; the base retry delay is 10 ms, so an early retry would show.
        await using var server = new LoopbackServer(n => n == 1 ? (429, "1", TimeSpan.Zero) : (200, null, TimeSpan.Zero));
        await using var services = Build(server.Port, ("RetryBaseDelay", "00:00:00.01"), ("MaxRetryAttempts", "2"));
        using var client = Client(services);

        using var answer = await client.GetAsync(new Uri("Slot", UriKind.Relative));

        var arrivals = server.Requests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(arrivals, Has.Count.EqualTo(2));
            Assert.That(arrivals[1] - arrivals[0], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "the retry waited for Retry-After");
        });
    }

    private static ServiceProvider Build(int port, params (string Key, string Value)[] resilience)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:pub:Type"] = "scripted",
            ["Connectors:pub:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["Connectors:pub:Resilience:AttemptTimeout"] = "00:00:05",
            ["Connectors:pub:Resilience:TotalTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in resilience)
        {
            settings[$"Connectors:pub:Resilience:{key}"] = value;
        }

        return new ServiceCollection()
            .AddLogging()
            .AddSasInteropSync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddConnectorType<ScriptedConnectorType>()
            .BuildServiceProvider();
    }

    private static HttpClient Client(ServiceProvider services) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(services.GetRequiredService<ConnectorCatalog>().Find("pub")!.HttpClientName);

    /// <summary>HTTP/1.1 on 127.0.0.1 answering each request (numbered from 1) as told; counts requests in flight.</summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Func<int, (int Status, string? RetryAfter, TimeSpan Delay)> _answer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _count;
        private int _inFlight;
        private int _maxInFlight;

        public LoopbackServer(Func<int, (int Status, string? RetryAfter, TimeSpan Delay)> answer)
        {
            _answer = answer;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public ConcurrentQueue<TimeSpan> Requests { get; } = new();

        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _accepting;
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopping.
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }

        private async Task ServeAsync(TcpClient socket)
        {
            using (socket)
            {
                var stream = socket.GetStream();
                var buffer = new byte[8192];
                var pending = new StringBuilder();
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
                        while (pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                        {
                            pending.Remove(0, end + 4);
                            await AnswerAsync(stream);
                        }
                    }
                }
                catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client or the test went away.
                }
            }
        }

        private async Task AnswerAsync(NetworkStream stream)
        {
            Requests.Enqueue(_clock.Elapsed);
            var number = Interlocked.Increment(ref _count);
            var inFlight = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _maxInFlight)) < inFlight && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
            {
            }

            var (status, retryAfter, delay) = _answer(number);
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            var head = $"HTTP/1.1 {status} X\r\nContent-Length: 0\r\n{(retryAfter is null ? string.Empty : $"Retry-After: {retryAfter}\r\n")}\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        }
    }
}
