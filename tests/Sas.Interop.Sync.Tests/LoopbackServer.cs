using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sas.Interop.Sync.Tests;

/// <summary>
/// A publisher as raw HTTP/1.1 on 127.0.0.1: answers each request (numbered from 1) as told, after the given delay
/// (<see cref="Timeout.InfiniteTimeSpan"/>: never), and counts requests in flight.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
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
