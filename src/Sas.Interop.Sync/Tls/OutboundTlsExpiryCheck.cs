using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sas.Interop.Sync.Tls;

/// <summary>At start-up, warns about each outgoing client certificate that expired or expires within 30 days.</summary>
internal sealed partial class OutboundTlsExpiryCheck(IEnumerable<OutboundTls> destinations, TimeProvider clock, ILogger<OutboundTlsExpiryCheck> logger) : IHostedService
{
    public static readonly TimeSpan WarnBefore = TimeSpan.FromDays(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var warning in destinations.SelectMany(d => d.ExpiryWarnings(now, WarnBefore)))
        {
            LogExpiry(logger, warning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogExpiry(ILogger logger, string warning);
}
