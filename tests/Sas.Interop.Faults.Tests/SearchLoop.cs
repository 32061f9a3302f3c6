using System.Diagnostics;
using System.Net;

namespace Sas.Interop.Faults.Tests;

/// <summary>SAS searches in a loop while something else happens: how many, how many failed, the slowest.</summary>
internal sealed class SearchLoop : IAsyncDisposable
{
    private const int MaxSearches = 5000;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SearchLoop(string baseUrl, string query)
    {
        _loop = Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < MaxSearches && !_stop.IsCancellationRequested; i++)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(query, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Failed++;
                    }
                }
                catch (HttpRequestException)
                {
                    Failed++;
                }
                catch (TaskCanceledException)
                {
                    Failed++;
                }

                Searches++;
                SlowestMs = Math.Max(SlowestMs, watch.Elapsed.TotalMilliseconds);
            }
        });
    }

    public int Searches { get; private set; }

    public int Failed { get; private set; }

    public double SlowestMs { get; private set; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
