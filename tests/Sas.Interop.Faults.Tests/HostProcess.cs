using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sas.Interop.Host.Tests;

namespace Sas.Interop.Faults.Tests;

/// <summary>The real hub as a separate process (<c>dotnet Sas.Interop.Host.dll</c>), which a test can SIGKILL.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, string baseUrl, HttpMessageHandler? handler, string adminKey)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>What the hub wrote to standard output so far (its log lines).</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <param name="settings">Configuration keys, passed on the command line (<c>--Key=value</c>).</param>
    /// <param name="environment">Environment variables for the process (e.g. <c>Consumers__sas__ApiKeys__0</c>).</param>
    /// <param name="arguments">More command-line arguments, before the settings (e.g. <c>--config</c>, a file).</param>
    /// <param name="httpsHandler">
    /// Set: the hub listens on HTTPS (its <c>Tls:*</c> settings must make that possible) and <see cref="Http"/> talks to
    /// it through this handler (server trust, client certificate).
    /// </param>
    /// <param name="hostAssembly">The hub to start: by default the one built beside the tests; a published one otherwise.</param>
    public static async Task<HostProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? arguments = null,
        HttpMessageHandler? httpsHandler = null,
        string? hostAssembly = null)
    {
        var port = FreePort();
        var baseUrl = $"{(httpsHandler is null ? "http" : "https")}://127.0.0.1:{port}/";
        hostAssembly ??= Path.Combine(AppContext.BaseDirectory, "Sas.Interop.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.TrimEnd('/'));
        // The suite's admin key, unless the test hands the hub its keys through the environment, as a deployment does.
        var adminKey = environment?.GetValueOrDefault("Admin__ApiKeys__0");
        if (adminKey is null)
        {
            start.ArgumentList.Add($"--Admin:ApiKeys:0={RunningHub.AdminKey}");
        }

        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");

        // Drained so the child never blocks on a full pipe; kept for tests that look for a log line.
        var host = new HostProcess(process, baseUrl, httpsHandler, adminKey ?? RunningHub.AdminKey);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { TestContext.Progress.WriteLine("hub stderr: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilAsync(async () => (await host.Http.GetAsync("health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until true, the process dies, or the timeout.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(_process.HasExited, Is.False, "the hub process exited");
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"condition not met within {timeout}");
    }

    public async Task<JsonElement> ConnectorAsync(string id) =>
        JsonDocument.Parse(await Http.GetStringAsync("admin/connectors")).RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == id).Clone();

    /// <summary>SIGKILL on Linux: no shutdown hook runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        Http.Dispose();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
