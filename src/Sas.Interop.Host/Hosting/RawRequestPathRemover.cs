using Serilog.Core;
using Serilog.Events;

namespace Sas.Interop.Host.Hosting;

/// <summary>
/// Drops the <c>RequestPath</c> that ASP.NET Core's request scope puts on every event of a request: a raw path
/// carries ids (a slot, a practitioner). The request line names the route template instead.
/// </summary>
internal sealed class RawRequestPathRemover : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
}
