using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// A loopback webhook receiver: keeps every POST (body and headers) and answers the status <see cref="Answer"/> gives
/// for the request's rank (0 first). An <see cref="HttpListener"/>, as <see cref="OtlpReceiver"/>.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _count;

    private WebhookReceiver(int port, Func<int, HttpStatusCode> answer)
    {
        Url = $"http://127.0.0.1:{port}/hooks/sas";
        Answer = answer;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Url { get; }

    public Func<int, HttpStatusCode> Answer { get; }

    /// <summary>Every request received, with the status it was answered.</summary>
    public ConcurrentQueue<(string Body, string? Signature, HttpStatusCode Status)> Received { get; } = new();

    public static WebhookReceiver Start(Func<int, HttpStatusCode> answer)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new WebhookReceiver(port, answer);
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

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = Answer(Interlocked.Increment(ref _count) - 1);
            Received.Enqueue((body, context.Request.Headers["X-Sas-Interop-Signature"], status));
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}
