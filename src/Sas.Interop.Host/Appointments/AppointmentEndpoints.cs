using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Host.Push;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Appointments;

/// <summary>
/// INT_R03 from publishers (<c>POST /fhir/Appointment</c>, <c>PUT /fhir/Appointment?identifier=</c>), the
/// "recently solicited" operation for the SAS and the relay's state for operators.
/// </summary>
internal static class AppointmentEndpoints
{
    public const string SolicitedOperation = "$last-solicited";
    private const int MaxPractitioners = 25;

    public static IEndpointRouteBuilder MapAppointmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Resolved now, so a publisher naming an unknown connector stops the hub at start-up, not at its first appointment.
        endpoints.ServiceProvider.GetRequiredService<PublisherSources>();
        var write = endpoints.MapGroup(FhirEndpoints.BasePath + "/Appointment").RequireAuthorization(PushServiceCollectionExtensions.Policy)
            .RequireRateLimiting(PushServiceCollectionExtensions.Policy).WithTags("FHIR appointments");
        write.MapPost("/", CreateAsync);
        write.MapPut("/", ConditionalUpdateAsync);
        endpoints.MapGet(FhirEndpoints.BasePath + "/" + SolicitedOperation, LastSolicitedAsync).RequireAuthorization(PushServiceCollectionExtensions.ReadPolicy).WithTags("FHIR appointments");
        endpoints.MapGet("/admin/appointments/relay", RelayStatusAsync).RequireAuthorization(AdminAuthorization.Policy).WithTags("Admin");
        return endpoints;
    }

    // A POST of an identifier already held is an update (200), not a second appointment: a publisher retrying a create
    // whose answer it lost must not book twice.
    private static async Task<IResult> CreateAsync(HttpContext http, PublisherRegistry registry, AppointmentService service, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        var appointment = await ReadAsync(http, options.Value, cancellationToken);
        var result = await service.SaveAsync(PublisherOf(http, registry).Id, appointment, conditionalIdentifier: null, cancellationToken);
        return Answer(http, appointment, result);
    }

    private static async Task<IResult> ConditionalUpdateAsync(HttpContext http, PublisherRegistry registry, AppointmentService service, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        // FHIR names are case-sensitive: ?Identifier= (the IG table's spelling, trap 9) does not count.
        var query = FhirQuery.Parameters(http);
        var other = query.FirstOrDefault(p => p.Name is not ("identifier" or "_format"));
        if (other is not null)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.NotSupported,
                $"Unknown parameter '{other.Name}': PUT /fhir/Appointment takes ?identifier=system|value (lower-case name) only.",
                other.Name)]);
        }

        var identifier = query.FirstOrDefault(p => p.Name == "identifier")?.Value;
        if (string.IsNullOrWhiteSpace(identifier))
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.Required,
                "PUT /fhir/Appointment is a conditional update: add ?identifier=system|value (lower-case parameter name), your appointment's identifier.",
                "identifier")]);
        }

        var appointment = await ReadAsync(http, options.Value, cancellationToken);
        var result = await service.SaveAsync(PublisherOf(http, registry).Id, appointment, identifier, cancellationToken);
        return Answer(http, appointment, result);
    }

    private static async Task<Appointment> ReadAsync(HttpContext http, PushOptions options, CancellationToken cancellationToken)
    {
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status412PreconditionFailed, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.NotSupported,
                "If-Match is not supported on appointments: the hub keeps no versions of them. Send the PUT without If-Match.")]);
        }

        return PushRequestReader.Parse<Appointment>(await PushRequestReader.ReadBodyAsync(http.Request, options.MaxBodyBytes, cancellationToken));
    }

    private static FhirResult Answer(HttpContext http, Appointment appointment, AppointmentSaveResult result)
    {
        // Absolute, as the IG's example answers (Location: [base]/Appointment/12345).
        http.Response.Headers.Location = $"{FhirEndpoints.BaseUrl(http)}/Appointment/{result.Id}";
        return new FhirResult(appointment, result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    // GET /fhir/$last-solicited?practitioner=<id>[,<id>…]: a Parameters resource, one "solicitation" part per
    // practitioner asked, with the time of the latest SAS appointment booked with them (absent when none).
    private static async Task<IResult> LastSolicitedAsync(HttpContext http, IAppointmentStore store, CancellationToken cancellationToken)
    {
        var issues = new List<FhirIssue>();
        // Read as FHIR reads names, case-sensitively: ASP.NET's Request.Query would fold Practitioner= into practitioner=.
        var query = FhirQuery.Parameters(http);
        var unknown = query.Select(p => p.Name).Where(k => k is not ("practitioner" or "_format")).Distinct(StringComparer.Ordinal).ToList();
        issues.AddRange(unknown.Select(k => new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotSupported, $"Unknown parameter '{k}'; {SolicitedOperation} takes practitioner=<national id>[,…].", k)));
        var raw = query.Where(p => p.Name == "practitioner").SelectMany(p => p.Value.Split(',')).Where(v => v.Trim().Length > 0).ToList();
        if (raw.Count == 0)
        {
            issues.Add(new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, "practitioner=<national id>[,…] is required (1 to 25 ids, bare or prefixed, system|value accepted).", "practitioner"));
        }
        else if (raw.Count > MaxPractitioners)
        {
            issues.Add(new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.TooCostly, $"{raw.Count} practitioners asked; at most {MaxPractitioners}.", "practitioner"));
        }

        var ids = new List<string>();
        foreach (var value in raw)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            if (NationalIdentifiers.TryNormalizePractitioner(bar < 0 ? value : value[(bar + 1)..], out var id, out var error))
            {
                ids.Add(id);
            }
            else
            {
                issues.Add(new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid, error, "practitioner"));
            }
        }

        if (issues.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, issues);
        }

        var found = (await store.SolicitationsAsync(ids, cancellationToken)).ToDictionary(s => s.PractitionerNationalId, StringComparer.Ordinal);
        var parameters = new Parameters();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var part = new Parameters.ParameterComponent { Name = "solicitation" };
            part.Part.Add(new Parameters.ParameterComponent
            {
                Name = "practitioner",
                Value = new Identifier(KnownIdentifierSystems.PractitionerNationalId, id)
                {
                    Type = new CodeableConcept(KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnpsCode),
                },
            });
            if (found.TryGetValue(id, out var solicitation))
            {
                part.Part.Add(new Parameters.ParameterComponent { Name = "lastSolicited", Value = new Instant(solicitation.LastSolicitedAt) });
                part.Part.Add(new Parameters.ParameterComponent { Name = "appointments", Value = new Integer(solicitation.Appointments) });
            }
            else
            {
                part.Part.Add(new Parameters.ParameterComponent { Name = "appointments", Value = new Integer(0) });
            }

            parameters.Parameter.Add(part);
        }

        return new FhirResult(parameters);
    }

    private static async Task<IResult> RelayStatusAsync(IAppointmentStore store, IOptions<AppointmentRelayOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var relay = await store.RelayStatusAsync(cancellationToken);
        var status = relay.Outbox;
        var now = clock.GetUtcNow();
        return Results.Ok(new
        {
            endpoint = options.Value.Endpoint?.ToString(),
            relay.Appointments,
            status.Pending,
            status.Failing,
            status.Refused,
            status.Delivered,
            oldestPendingAgeSeconds = status.OldestPendingSince is { } since ? (long?)Math.Max(0, (long)(now - since).TotalSeconds) : null,
            status.LastError,
            status.LastErrorAt,
            status.LastDeliveredAt,
        });
    }

    private static PushPublisher PublisherOf(HttpContext http, PublisherRegistry registry)
    {
        var id = http.User.FindFirst(PushAuthenticationHandler.PublisherClaim)?.Value;
        return registry.Publishers.First(p => p.Id == id);
    }
}
