using Sas.Interop.Host.Outbox;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Host.Appointments;

/// <summary>Configuration section <c>Appointments:Relay</c>: where and how appointments are relayed to the SAS.</summary>
internal sealed class AppointmentRelayOptions : OutboxRelayOptions
{
    public const string SectionName = "Appointments:Relay";

    /// <summary>The SAS FHIR base (appointments go to <c>{Endpoint}/Appointment</c>). Unset: appointments are stored and queued, not sent.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c> to the SAS endpoint (development receivers; the real SAS uses mTLS).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Client certificate presented to the SAS and the CAs its server certificate must chain to (<c>Appointments:Relay:Tls</c>).</summary>
    public OutboundTlsOptions Tls { get; set; } = new();

    /// <summary>Every problem with these settings, as <c>Appointments:Relay:Key: message</c> lines.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Endpoint is not null && (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https")))
        {
            problems.Add($"{SectionName}:Endpoint: '{Endpoint}' is not an absolute http(s) URL of the SAS FHIR base.");
        }

        problems.AddRange(Problems(SectionName));
        return problems;
    }
}
