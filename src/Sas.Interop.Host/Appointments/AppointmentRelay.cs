using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Appointments;

/// <summary>
/// Delivers the appointment outbox to the SAS (one stream per appointment; the delivery rules are <see cref="OutboxRelay"/>'s).
/// The receiver is idempotent by identifier: the first attempt of a creation is a <c>POST</c>, every later version a
/// <c>PUT</c> of the SAS's resource by the id its creation's answer gave, and a conditional <c>PUT ?identifier=</c> while
/// that id is unknown, which the IG's SAS accepts as create-or-update.
/// </summary>
internal sealed partial class AppointmentRelay(
    IAppointmentStore store,
    IHttpClientFactory httpClients,
    AppointmentRelaySignal signal,
    IOptions<AppointmentRelayOptions> options,
    TimeProvider clock,
    ILogger<AppointmentRelay> logger) : OutboxRelay(store, signal, options.Value, clock, logger)
{
    public const string HttpClientName = "appointments-relay";
    public const string SequenceHeader = "X-Sas-Interop-Sequence";

    protected override string Subject => "Appointment";

    protected override bool Configured
    {
        get
        {
            if (options.Value.Endpoint is null)
            {
                LogNoEndpoint(logger);
                return false;
            }

            return true;
        }
    }

    // Later versions update the SAS's resource by the id it gave: two publishers may use the same identifier (each
    // holds its own appointment), and a conditional update on it would then reach the other's. The conditional update
    // stays for what the SAS's id is not known of (a creation whose answer was lost).
    protected override (HttpClient Client, HttpRequestMessage Request) RequestFor(OutboxEntry entry)
    {
        var settings = options.Value;
        var fhirBase = settings.Endpoint!.ToString().TrimEnd('/');
        var create = entry.IsFirstCreate;
        var body = entry.ResourceJson;
        Uri uri;
        if (create)
        {
            uri = new Uri(fhirBase + "/Appointment");
        }
        else if (entry.RemoteId is { } sasId)
        {
            uri = new Uri(fhirBase + "/Appointment/" + Uri.EscapeDataString(sasId));
            var appointment = FhirJson.Parse<Hl7.Fhir.Model.Appointment>(body);
            appointment.Id = sasId;
            body = FhirJson.Serialize(appointment);
        }
        else
        {
            uri = new Uri(fhirBase + "/Appointment?identifier=" + Uri.EscapeDataString(entry.IdentifierSystem + "|" + entry.IdentifierValue));
        }

        var request = new HttpRequestMessage(create ? HttpMethod.Post : HttpMethod.Put, uri)
        {
            Content = new StringContent(body, Encoding.UTF8, FhirJson.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        request.Headers.Add(SequenceHeader, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Add("X-Api-Key", settings.ApiKey);
        }

        return (httpClients.CreateClient(HttpClientName), request);
    }

    protected override string? RemoteIdOf(OutboxEntry entry, HttpResponseMessage response) => SasIdOf(response.Headers.Location);

    /// <summary>The id in a <c>Location</c> such as <c>[base]/Appointment/123</c> or <c>Appointment/123/_history/2</c>; null when there is none.</summary>
    public static string? SasIdOf(Uri? location)
    {
        if (location is null)
        {
            return null;
        }

        // Firely reads [base]/Type/id[/_history/vid], absolute or relative.
        var identity = new ResourceIdentity(location);
        return identity.ResourceType == "Appointment" && ResourceIds.IsFhirId(identity.Id) ? identity.Id : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appointments:Relay:Endpoint is not set: appointments are stored and queued for the SAS, not sent")]
    private static partial void LogNoEndpoint(ILogger logger);
}
