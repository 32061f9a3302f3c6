using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Readiness shows the client CRL: Degraded when it is past its nextUpdate or when the file now holds a CRL that was
/// refused. Degraded, not Unhealthy: the hub keeps serving with the CRL in force (see <see cref="ClientRevocationList"/>).
/// </summary>
internal sealed class ClientCrlHealthCheck(ClientRevocationList crl) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = crl.CurrentStatus();
        var inForce = $"the CRL in force has thisUpdate {status.InForce.ThisUpdate:u}, nextUpdate {status.InForce.NextUpdate:u}, {status.InForce.RevokedSerials.Count} revoked";
        if (status.RefusedFile is not null)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"Tls:ClientCrlPath {crl.Path} {status.RefusedFile}; {inForce}."));
        }

        return Task.FromResult(status.Stale
            ? HealthCheckResult.Degraded($"Tls:ClientCrlPath {crl.Path} is past its nextUpdate; {inForce}.")
            : HealthCheckResult.Healthy(inForce));
    }
}
