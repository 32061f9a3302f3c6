using Sas.Interop.Ingestion.Push;
using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Outbox;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Regulators;

/// <summary>
/// INT_R02 from the SAS (<c>POST /fhir/Practitioner</c>, <c>PUT /fhir/Practitioner?identifier=</c>, a consumer
/// identity) and the delivery state per publisher for operators. <c>PUT /fhir/Practitioner</c> is also the publishers'
/// conditional push of their agenda Practitioners: one route, told apart by who calls.
/// </summary>
internal static class RegulatorAccountEndpoints
{
    public const string AnyClientPolicy = "fhir-client";
    private const int MaxIdentifierLength = 256;

    public static IEndpointRouteBuilder MapRegulatorAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var practitioner = endpoints.MapGroup(FhirEndpoints.BasePath + "/Practitioner").RequireAuthorization(AnyClientPolicy)
            .RequireRateLimiting(PushServiceCollectionExtensions.Policy).WithTags("FHIR regulator accounts");
        practitioner.MapPost("/", CreateAsync);
        practitioner.MapPut("/", ConditionalUpdateAsync);
        endpoints.MapGet("/admin/regulator-accounts/relay", RelayStatusAsync).RequireAuthorization(AdminAuthorization.Policy).WithTags("Admin");
        return endpoints;
    }

    // A POST naming an identifier the hub already holds is an update (200): the SAS retrying a create whose answer it
    // lost must not create a second account.
    private static async Task<IResult> CreateAsync(HttpContext http, RegulatorAccountService service, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        RequireSas(http);
        OnlyFormatParameters(http);
        var practitioner = await ReadAsync(http, options.Value, cancellationToken);
        var (result, stored) = await service.SaveAsync(practitioner, address: null, cancellationToken);
        return Answer(http, result, stored);
    }

    private static async Task<IResult> ConditionalUpdateAsync(HttpContext http, RegulatorAccountService service, PublisherRegistry registry, PushProcessor processor, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        if (http.User.HasClaim(c => c.Type == PushAuthenticationHandler.PublisherClaim))
        {
            return await PushEndpoints.PutConditionalAsync(http, "Practitioner", registry, processor, options, cancellationToken);
        }

        RequireSas(http);
        var address = AddressOf(http);
        var practitioner = await ReadAsync(http, options.Value, cancellationToken);
        var (result, stored) = await service.SaveAsync(practitioner, address, cancellationToken);
        return Answer(http, result, stored);
    }

    /// <summary>True for the hub's ids of regulator accounts (<c>regulator-…</c>; served ids hold a '.', these never do).</summary>
    public static bool IsAccountId(string id) => id.StartsWith(StoredRegulatorAccount.IdPrefix, StringComparison.Ordinal) && !id.Contains('.', StringComparison.Ordinal);

    /// <summary>
    /// <c>GET [base]/Practitioner/regulator-…</c>, the <c>Location</c> of a create: the account's current version. Names
    /// and e-mails of regulators: the SAS identity only, even where searches are open.
    /// </summary>
    public static async Task<IResult> ReadAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        RequireSas(http);
        var store = http.RequestServices.GetRequiredService<IRegulatorAccountStore>();
        var account = await store.FindAsync(id, cancellationToken)
            ?? throw new FhirRequestException(StatusCodes.Status404NotFound, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotFound, $"Practitioner/{id}: no such regulator account.")]);
        http.Response.Headers.ETag = $"W/\"{account.Version.ToString(CultureInfo.InvariantCulture)}\"";
        return new FhirResult(RegulatorAccountService.Rendered(account));
    }

    private static async Task<IResult> RelayStatusAsync(IRegulatorAccountStore store, RegulatorAccountDestinations destinations, TimeProvider clock, CancellationToken cancellationToken)
    {
        var deliveries = (await store.DeliveriesAsync(cancellationToken)).ToDictionary(d => d.Publisher, d => d.Status, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var publishers = destinations.Ids.Union(deliveries.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id =>
        {
            var status = deliveries.GetValueOrDefault(id) ?? OutboxStatus.Empty;
            return new
            {
                publisher = id,
                receiving = destinations.Ids.Contains(id),
                status.Pending,
                status.Failing,
                status.Refused,
                status.Delivered,
                oldestPendingAgeSeconds = status.OldestPendingSince is { } since ? (long?)Math.Max(0, (long)(now - since).TotalSeconds) : null,
                status.LastError,
                status.LastErrorAt,
                status.LastDeliveredAt,
            };
        });
        return Results.Ok(new { accounts = await store.CountAsync(cancellationToken), publishers });
    }

    private static void RequireSas(HttpContext http)
    {
        if (!http.User.HasClaim(c => c.Type == PushAuthenticationHandler.ConsumerClaim))
        {
            throw new FhirRequestException(StatusCodes.Status403Forbidden, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.Forbidden,
                $"'{http.User.Identity?.Name}' may not write regulator accounts: INT_R02 needs the SAS's identity, configured under Consumers:<id>.")]);
        }
    }

    // The IG's address: ?identifier=system|value, the national id or the SAS technical id; the value may hold '/'
    // (structure-prefixed national ids), so it is not a FHIR id.
    private static RegulatorIdentifier AddressOf(HttpContext http)
    {
        OnlyFormatParameters(http, "identifier");
        var parameter = FhirQuery.Parameters(http).FirstOrDefault(p => p.Name == "identifier")?.Value;
        var bar = parameter?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        var system = bar < 0 ? null : parameter![..bar];
        var value = bar < 0 ? null : parameter![(bar + 1)..].Trim();
        if (system is not (RegulatorIdentifier.NationalSystem or RegulatorIdentifier.SasTechnicalSystem) || string.IsNullOrEmpty(value)
            || value.Length > MaxIdentifierLength || value.Any(char.IsControl))
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.Invalid,
                $"PUT /fhir/Practitioner takes ?identifier={RegulatorIdentifier.NationalSystem}|<national id> or {RegulatorIdentifier.SasTechnicalSystem}|<SAS technical id> (a value of at most {MaxIdentifierLength} characters), not '{parameter}'.",
                "identifier")]);
        }

        return new RegulatorIdentifier(system, value);
    }

    // FHIR names are case-sensitive: ?Identifier= (the IG table's spelling, trap 9) is refused, not ignored.
    private static void OnlyFormatParameters(HttpContext http, params string[] allowed)
    {
        var unknown = FhirQuery.Parameters(http).Select(p => p.Name).Where(n => n is not ("_format" or "_pretty") && !allowed.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [.. unknown.Select(name => new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.NotSupported,
                $"Unknown parameter '{name}': regulator accounts take {(allowed.Length == 0 ? "no parameter" : "?identifier=system|value")} (parameter names are case-sensitive).",
                name))]);
        }
    }

    private static async Task<Practitioner> ReadAsync(HttpContext http, PushOptions options, CancellationToken cancellationToken) =>
        PushRequestReader.Parse<Practitioner>(await PushRequestReader.ReadBodyAsync(http.Request, options.MaxBodyBytes, cancellationToken));

    private static FhirResult Answer(HttpContext http, RegulatorAccountSaveResult result, Practitioner stored)
    {
        var version = result.Version.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.Location = FhirEndpoints.BaseUrl(http) + "/Practitioner/" + result.Id;
        http.Response.Headers.ETag = $"W/\"{version}\"";
        return new FhirResult(stored, result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
