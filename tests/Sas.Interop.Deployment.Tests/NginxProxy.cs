using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sas.Interop.Testing;

namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// nginx in the foreground, in a prefix folder of its own, serving the SHIPPED
/// <c>samples/deploy/nginx/sas-interop.conf</c> with its <c>@PLACEHOLDERS@</c> replaced, as an operator installs it:
/// the test only adds the main <c>nginx.conf</c> Debian's package would provide (events, pid, logs, temp paths).
/// </summary>
internal sealed partial class NginxProxy : IDisposable
{
    public const string ShippedConfiguration = "samples/deploy/nginx/sas-interop.conf";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NginxProxy(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}/";

    /// <summary>nginx's error log and whatever it wrote to the console, for a failing test's output.</summary>
    public string Diagnostics()
    {
        var log = Path.Combine(Folder, "error.log");
        return $"nginx console:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}{Environment.NewLine}nginx error.log:{Environment.NewLine}"
            + (File.Exists(log) ? File.ReadAllText(log) : "(none)");
    }

    /// <param name="nginx">The nginx binary.</param>
    /// <param name="placeholders">Value of each <c>@NAME@</c> of the shipped file, but <c>@LISTEN@</c> (a free 127.0.0.1 port).</param>
    public static async Task<NginxProxy> StartAsync(string nginx, IReadOnlyDictionary<string, string> placeholders)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sas-interop-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var site = File.ReadAllText(RepositoryFiles.PathOf(ShippedConfiguration)).Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal);
        foreach (var (name, value) in placeholders)
        {
            site = site.Replace($"@{name}@", value, StringComparison.Ordinal);
        }

        var left = Placeholder().Matches(site).Select(m => m.Value).Distinct().ToList();
        Assert.That(left, Is.Empty, $"{ShippedConfiguration} has placeholders the test does not fill");
        File.WriteAllText(Path.Combine(folder, "sas-interop.conf"), site);

        // As root (CI) the workers would run as nobody; this prefix is the test's own, so they stay the test's user.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{user}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 128; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/sas-interop.conf;
            }
            """);

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var proxy = new NginxProxy(process, folder, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { proxy._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { proxy._output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await proxy.WaitUntilListeningAsync(TimeSpan.FromSeconds(20));
            return proxy;
        }
        catch
        {
            TestContext.Progress.WriteLine(proxy.Diagnostics());
            proxy.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // The master and its worker.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort on a temp folder.
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(_process.HasExited, Is.False, "nginx exited:" + Environment.NewLine + Diagnostics());
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail($"nginx did not listen on {Port} within {timeout}:{Environment.NewLine}{Diagnostics()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("@[A-Z_]+@")]
    private static partial Regex Placeholder();
}
