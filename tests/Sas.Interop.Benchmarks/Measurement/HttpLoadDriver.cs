using System.Diagnostics;
using System.Net;

namespace Sas.Interop.Benchmarks.Measurement;

/// <summary>
/// Closed-loop load: <c>clients</c> workers each send a GET, read the whole body, and send the next, until the
/// request budget or the duration runs out (whichever first). Bodies are read into a reused buffer so the
/// driver costs the shared CPU as little as possible.
/// </summary>
internal sealed class HttpLoadDriver(HttpClient client, IReadOnlyList<string> paths)
{
    public async Task<LoadResult> RunAsync(int clients, int maxRequests, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new double[maxRequests];
        var succeeded = new bool[maxRequests];
        var issued = 0;
        var errors = 0;
        long bytes = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            var buffer = new byte[64 * 1024];
            while (!cancellationToken.IsCancellationRequested && watch.Elapsed < duration)
            {
                var number = Interlocked.Increment(ref issued) - 1;
                if (number >= maxRequests)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(paths[number % paths.Count], HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    long length = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        length += read;
                    }

                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new HttpRequestException($"HTTP {(int)response.StatusCode} for {paths[number % paths.Count]}");
                    }

                    latencies[number] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    succeeded[number] = true;
                    Interlocked.Add(ref bytes, length);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, ex.Message, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(WorkerAsync, cancellationToken)));
        var elapsed = watch.Elapsed;
        var done = Math.Min(issued, maxRequests);
        var ok = Enumerable.Range(0, done).Where(i => succeeded[i]).Select(i => latencies[i]);
        return new LoadResult(done, errors, elapsed, new LatencyStats(ok), bytes, firstError);
    }
}
