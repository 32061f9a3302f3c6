using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Host.Appointments;

/// <summary>Configuration section <c>Appointments:Relay</c>: where and how appointments are relayed to the SAS.</summary>
internal sealed class AppointmentRelayOptions
{
    public const string SectionName = "Appointments:Relay";

    /// <summary>The SAS FHIR base (appointments go to <c>{Endpoint}/Appointment</c>). Unset: appointments are stored and queued, not sent.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>First retry delay; doubled per failed attempt up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one delivery request.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the relay looks at the outbox when nothing wakes it (a new appointment wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long delivered and refused outbox rows are kept (the appointment itself is kept regardless).</summary>
    public TimeSpan KeepSettled { get; set; } = TimeSpan.FromDays(30);

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

        if (BaseDelay <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:BaseDelay: must be positive, not {BaseDelay}.");
        }

        if (MaxDelay < BaseDelay)
        {
            problems.Add($"{SectionName}:MaxDelay: {MaxDelay} is below BaseDelay ({BaseDelay}).");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:AttemptTimeout: must be positive, not {AttemptTimeout}.");
        }

        if (KeepSettled <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:KeepSettled: must be positive, not {KeepSettled}.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:PollInterval: must be positive, not {PollInterval}.");
        }

        return problems;
    }
}
