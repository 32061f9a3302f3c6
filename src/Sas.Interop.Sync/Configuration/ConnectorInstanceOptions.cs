using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Sync.Configuration;

/// <summary>The settings every connector instance has (<c>Connectors:&lt;id&gt;</c>); connector types read their own extra keys.</summary>
public sealed class ConnectorInstanceOptions
{
    /// <summary>Connector type, e.g. <c>sas-fhir</c>.</summary>
    public string? Type { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Publisher base URL (FHIR base for <c>sas-fhir</c>).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>An interval (<c>00:05:00</c>) or a Quartz cron expression (<c>0 0/5 * * * ?</c>).</summary>
    public string Schedule { get; set; } = "00:05:00";

    /// <summary>Length of the rolling window fetched from now.</summary>
    public int WindowHours { get; set; } = 72;

    public ConnectorResilienceOptions Resilience { get; set; } = new();

    /// <summary>Client certificate and server CAs for this publisher (<c>Connectors:&lt;id&gt;:Tls</c>); unset: no client certificate, the system's roots.</summary>
    public OutboundTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// True: this publisher receives the SAS's regulator accounts (INT_R02) at <c>{BaseUrl}/Practitioner</c>, with the same
    /// client certificate (the IG reuses the INT_R01 endpoint and its mTLS). <c>sas-fhir</c> instances only.
    /// </summary>
    public bool RegulatorAccounts { get; set; }
}
