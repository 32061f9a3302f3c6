using System.Net;
using System.Net.Sockets;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// An HttpClient whose connections leave from a chosen loopback address (127.0.0.2, …): to the hub, a machine other
/// than 127.0.0.1, e.g. a trusted proxy or a stranger.
/// </summary>
internal static class SourceAddressClient
{
    public static HttpClient Create(string localAddress, string baseUrl, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl), Timeout = timeout };
    }
}
