namespace Sas.Interop.Connectors.Testing;

/// <summary>
/// An HttpClient over a handler of a service provider that exists only for it (the hub's client outside the hub):
/// disposing the client disposes the provider, and with it the resilience pipeline and the handlers.
/// </summary>
internal sealed class ServiceOwningHttpClient(HttpMessageHandler handler, IDisposable services) : HttpClient(handler, disposeHandler: false)
{
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            services.Dispose();
        }
    }
}
