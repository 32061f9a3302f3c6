using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A loopback OTLP/HTTP collector: keeps the body of every <c>POST /v1/traces</c> and answers success. An
/// <see cref="HttpListener"/>, not Kestrel: the hub's tracer listens to every ASP.NET Core host in the process, and
/// a Kestrel collector would trace its own receipts and export them back, for ever.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private OtlpReceiver(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<(string? ContentType, byte[] Body)> Exports { get; } = new();

    public static OtlpReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new OtlpReceiver(port);
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            if (context.Request is { HttpMethod: "POST", Url.AbsolutePath: "/v1/traces" })
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Exports.Enqueue((context.Request.ContentType, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf"; // an empty ExportTraceServiceResponse: all accepted
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }
}
