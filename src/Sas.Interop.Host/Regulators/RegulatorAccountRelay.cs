using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Host.Appointments;
using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Regulators;

/// <summary>
/// Delivers regulator accounts to publishers (INT_R02), one stream per (publisher, account), with the delivery rules of
/// <see cref="OutboxRelay"/>. The first attempt at an account's first version is the IG's <c>POST [base]/Practitioner</c>;
/// every other send is the conditional <c>PUT [base]/Practitioner?identifier=</c> on the identifier the publisher knows
/// the account by, which the IG makes a create when unknown: a publisher that got a version whose answer was lost
/// receives it again as an update, never as a second account.
/// </summary>
internal sealed class RegulatorAccountRelay(
    IRegulatorAccountStore store,
    IHttpClientFactory httpClients,
    RegulatorAccountDestinations destinations,
    RegulatorAccountSignal signal,
    IOptions<RegulatorAccountRelayOptions> options,
    TimeProvider clock,
    ILogger<RegulatorAccountRelay> logger) : OutboxRelay(store, signal, options.Value, clock, logger)
{
    protected override string Subject => "Regulator account";

    protected override bool Configured => true;

    protected override string? Undeliverable(OutboxEntry entry) =>
        destinations.Find(entry.Destination!) is null
            ? $"Publisher '{entry.Destination}' no longer receives regulator accounts (Connectors:{entry.Destination}:RegulatorAccounts is not true, or the instance is gone)."
            : null;

    protected override (HttpClient Client, HttpRequestMessage Request) RequestFor(OutboxEntry entry)
    {
        var instance = destinations.Find(entry.Destination!)!;
        var fhirBase = instance.BaseAddress.ToString().TrimEnd('/');
        var create = entry.IsFirstCreate;
        var uri = create
            ? new Uri(fhirBase + "/Practitioner")
            : new Uri(fhirBase + "/Practitioner?identifier=" + Uri.EscapeDataString(entry.IdentifierSystem + "|" + entry.IdentifierValue));
        var request = new HttpRequestMessage(create ? HttpMethod.Post : HttpMethod.Put, uri)
        {
            Content = new StringContent(entry.ResourceJson, Encoding.UTF8, FhirJson.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        request.Headers.Add(AppointmentRelay.SequenceHeader, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        return (httpClients.CreateClient(instance.RegulatorAccountsHttpClientName), request);
    }
}
