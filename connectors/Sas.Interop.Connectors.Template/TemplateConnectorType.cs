using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Template;

/// <summary>
/// <c>Type = template</c>: a working example over a small fictional publisher API, to copy and adapt.
/// TODO: rename the project, the types and <see cref="TypeName"/> (the <c>Type</c> admins write), and describe your API here.
/// </summary>
/// <remarks>
/// <para>The example API: one call per practitioner and page, JSON, a bearer token.</para>
/// <code>
/// GET {BaseUrl}v1/practitioners/{rpps-or-adeli}/slots?from=2026-01-05T08:00:00Z&amp;to=2026-01-08T08:00:00Z&amp;page=1
/// Authorization: Bearer {Token}
///
/// 200 {
///   "practitioner": { "lastName": "MARTIN", "firstName": "Claire" },
///   "place": { "id": "cab-12", "name": "Cabinet Voltaire", "address": "12 rue Voltaire", "postalCode": "75011",
///              "city": "Paris", "phone": "0102030405", "latitude": 48.8566, "longitude": 2.38 },
///   "slots": [ { "id": "s-8812", "start": "2026-01-05T09:00:00+01:00", "end": "2026-01-05T09:20:00+01:00",
///                "mode": "office", "bookingUrl": "https://publisher.example/book/s-8812", "audience": "sas" } ],
///   "nextPage": 2
/// }
/// </code>
/// <para>
/// <c>mode</c> is <c>office</c>, <c>home</c> or <c>video</c>; <c>audience</c> is <c>public</c>, <c>sas</c> (kept for
/// SAS regulators: SNP) or <c>professionals</c>; <c>latitude</c>/<c>longitude</c> are optional; <c>nextPage</c> is
/// null on the last page. 404: the
/// practitioner is unknown to the publisher (an empty agenda). 401: bad token. 429 (with <c>Retry-After</c>) and 503:
/// retried by the hub's client, then a failed batch.
/// </para>
/// <para>
/// Settings: <c>BaseUrl</c> (required), <c>Token</c> (required), <c>Practitioners</c> (required: RPPS or ADELI, bare
/// or prefixed; a list, or one comma-separated value).
/// </para>
/// </remarks>
public sealed class TemplateConnectorType : ConnectorType
{
    public const string TypeName = "template";

    public override string Name => TypeName;

    public override IEnumerable<string> ValidateConfiguration(IConfigurationSection configuration)
    {
        TemplateSettings.TryRead(configuration, out _, out var errors);
        return errors;
    }

    // The keys the hub serves from an instance: exactly those its batches are scoped by (prefixed national ids).
    // Without this override, a practitioner removed from the configuration would stay served until its slots go stale.
    public override SourceRoster? ReadRoster(IConfigurationSection configuration) =>
        TemplateSettings.TryRead(configuration, out var settings, out _) ? new SourceRoster(SyncScopeKind.Practitioner, settings.Practitioners) : null;

    // A roster uploaded by an operator may hold establishment-staff ids (3+FINESS/…), which the example API does not know.
    public override string? RosterKeyProblem(string key) =>
        key is [('8' or '0'), ..] ? null : "The publisher knows practitioners by RPPS or ADELI only.";

    public override IAgendaConnector Create(ConnectorCreationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TemplateSettings.TryRead(context.Configuration, out var settings, out var errors))
        {
            throw new InvalidOperationException($"Connector instance '{context.InstanceId}' ({TypeName}) is misconfigured: {string.Join(" ", errors)}");
        }

        return new TemplateConnector(context, settings);
    }
}
