using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Capability;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Served;
using Sas.Interop.Host.Metrics;
using Sas.Interop.Host.Push;
using Sas.Interop.Host.Regulators;
using Sas.Interop.Sync.Hosting;

namespace Sas.Interop.Host.Fhir;

/// <summary>The SAS-facing FHIR facade. Answers from the store only: it never calls a publisher.</summary>
internal static class FhirEndpoints
{
    public const string BasePath = "/fhir";

    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Reads need a SAS consumer identity once one is configured; metadata stays open (FHIR clients start there).
        var fhir = endpoints.MapGroup(BasePath).WithTags("FHIR").RequireAuthorization(PushServiceCollectionExtensions.ReadPolicy);
        fhir.MapGet("/metadata", (HttpContext http, IOptions<FhirFacadeOptions> options) =>
            new FhirResult(CapabilityStatementFactory.Create(BaseUrl(http, options.Value), HubVersion.Informational)))
            .AllowAnonymous();
        fhir.MapGet("/Slot", SearchSlotsAsync);
        fhir.MapGet("/Slot/$availability", SummariseAvailabilityAsync);
        fhir.MapGet("/Schedule", SearchSchedulesAsync);

        // The searches the IG's CapabilityStatements declare on the targets of their chains, answered with the reads.
        fhir.MapGet("/Practitioner", (HttpContext http, ServedResourceSearchParser parser, IServiceProvider services, CancellationToken cancellationToken) =>
            SearchServedAsync(http, "Practitioner", parser.ParsePractitioner(FhirQuery.Parameters(http)), services, cancellationToken));
        fhir.MapGet("/Location", (HttpContext http, ServedResourceSearchParser parser, IServiceProvider services, CancellationToken cancellationToken) =>
            SearchServedAsync(http, "Location", parser.ParseLocation(FhirQuery.Parameters(http)), services, cancellationToken));
        fhir.MapGet("/Organization", (HttpContext http, ServedResourceSearchParser parser, IServiceProvider services, CancellationToken cancellationToken) =>
            SearchServedAsync(http, "Organization", parser.ParseOrganization(FhirQuery.Parameters(http)), services, cancellationToken));

        // Reads by id of every entry the searches answer (each fullUrl). No vread: the hub keeps no history, so
        // /_history/n falls through to the 404 below, as the CapabilityStatement says.
        foreach (var type in ReadResourceBuilder.ReadableTypes)
        {
            fhir.MapGet($"/{type}/{{id}}", (HttpContext http, string id, IServedResourceStore store, ReadResourceBuilder builder, SlotFreshness freshness, CancellationToken cancellationToken) =>
                type == "Practitioner" && RegulatorAccountEndpoints.IsAccountId(id)
                    ? RegulatorAccountEndpoints.ReadAsync(http, id, cancellationToken)
                    : ReadAsync(type, id, store, builder, freshness, cancellationToken));
        }

        fhir.MapFallback("{**path}", (HttpContext http) =>
            new FhirResult(
                OperationOutcomeFactory.Error(OperationOutcome.IssueType.NotSupported, $"{http.Request.Method} {http.Request.Path} is not served by this hub; see {BasePath}/metadata."),
                http.Request.Method == HttpMethods.Get ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed))
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SearchSlotsAsync(
        HttpContext http,
        SlotSearchParser parser,
        ISlotStore store,
        SlotBundleBuilder bundleBuilder,
        ServedSlotBundleWriter servedWriter,
        SlotFreshness freshness,
        HubMetrics metrics,
        IOptions<FhirFacadeOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = parser.Parse(FhirQuery.Parameters(http));

        // Slots past Sync:WithholdAfter are not served (they stay stored and come back when their publisher does).
        var criteria = request.Criteria with { FetchedSince = freshness.WithheldBefore() };
        if (request.SortOpenNowFirst)
        {
            criteria = criteria with { OpenFirstAt = time.GetUtcNow() };
        }
        var baseUrl = BaseUrl(http, options.Value);
        var selfUrl = baseUrl + "/Slot" + http.Request.QueryString.Value;

        // The SAS's own request is answered from the renderings stored at ingest; anything the store cannot serve
        // that way (CPTS, hub-near, a row not rendered yet) and _pretty build resources, with the same result.
        if (!request.Pretty && await store.SearchServedAsync(criteria, cancellationToken) is { } served)
        {
            metrics.SlotAnswer("renderings");
            return new FhirResult(output => servedWriter.Write(output, served, request, baseUrl, selfUrl));
        }

        var result = await store.SearchAsync(criteria, cancellationToken);
        metrics.SlotAnswer("resources");
        return new FhirResult(bundleBuilder.Build(result, request, baseUrl, selfUrl), pretty: request.Pretty);
    }

    /// <summary>
    /// <c>GET [base]/Type/id</c>: exactly the resource the search answers carry for that id, while one would carry it
    /// (<see cref="IServedResourceStore"/>); otherwise 404, whether the id was never served or is no longer.
    /// </summary>
    private static async Task<IResult> ReadAsync(
        string type, string id, IServedResourceStore store, ReadResourceBuilder builder, SlotFreshness freshness, CancellationToken cancellationToken)
    {
        if (!ResourceIds.IsFhirId(id))
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid, $"The id of {type}/… is not a FHIR id ([A-Za-z0-9-.]{{1,64}}).")]);
        }

        if (await store.FindServedAsync(type, id, freshness.WithheldBefore(), cancellationToken) is not { } served)
        {
            throw new FhirRequestException(StatusCodes.Status404NotFound, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not served by this hub (unknown, or no longer in any answer).")]);
        }

        return new FhirResult(builder.Build(served));
    }

    /// <summary>Hub extension: per practitioner, free slots within 2 h, 4 h, 6 h, 12 h, the half-day and the day.</summary>
    private static async Task<IResult> SummariseAvailabilityAsync(
        HttpContext http,
        AvailabilityRequestParser parser,
        ISlotStore store,
        IStandardDurationStore durationStore,
        IUnavailabilityStore unavailabilities,
        SlotFreshness freshness,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = parser.Parse(FhirQuery.Parameters(http), time.GetUtcNow());
        var criteria = new AvailabilityCriteria(request.PractitionerNationalIds, request.From, AvailabilityParametersBuilder.Until(request.From))
        {
            FetchedSince = freshness.WithheldBefore(),
            ModeFilters = request.ModeFilters,
            TypeFilters = request.TypeFilters,
            Overbooked = request.Overbooked,
        };
        var starts = await store.ListFreeSlotStartsAsync(criteria, cancellationToken);

        // A property of the practitioner, not of the slots counted: the filters do not apply; every served slot from 'from' on does.
        var durations = await durationStore.GetAsync(request.PractitionerNationalIds, request.From, until: null, criteria.FetchedSince, cancellationToken);
        var unavailable = await unavailabilities.ListAsync(request.PractitionerNationalIds, request.From, freshness.WithheldBefore(), cancellationToken);
        return new FhirResult(AvailabilityParametersBuilder.Build(request, starts, durations, unavailable), pretty: request.Pretty);
    }

    /// <summary>
    /// <c>GET /fhir/Schedule</c>: with an actor and no <c>_has</c>, the search by actor; anything else is the SOS
    /// search, its rules and errors unchanged.
    /// </summary>
    private static Task<IResult> SearchSchedulesAsync(HttpContext http, IServiceProvider services, CancellationToken cancellationToken)
    {
        var query = FhirQuery.Parameters(http);
        return ServedResourceSearchParser.IsScheduleByActor(query)
            ? SearchServedAsync(http, "Schedule", services.GetRequiredService<ServedResourceSearchParser>().ParseSchedule(query), services, cancellationToken)
            : SearchSosSchedulesAsync(
                http,
                services.GetRequiredService<SosScheduleSearchParser>(),
                services.GetRequiredService<ISlotStore>(),
                services.GetRequiredService<SosScheduleBundleBuilder>(),
                services.GetRequiredService<SlotFreshness>(),
                services.GetRequiredService<IOptions<FhirFacadeOptions>>(),
                cancellationToken);
    }

    /// <summary>A standalone search: exactly the resources a read by id serves now, as it serves them.</summary>
    private static async Task<IResult> SearchServedAsync(HttpContext http, string type, ServedResourceSearchRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IServedResourceStore>();
        var freshness = services.GetRequiredService<SlotFreshness>();
        var served = await store.SearchServedAsync(request.Search, freshness.WithheldBefore(), cancellationToken);
        var baseUrl = BaseUrl(http, services.GetRequiredService<IOptions<FhirFacadeOptions>>().Value);
        var bundle = services.GetRequiredService<ServedResourceBundleBuilder>().Build(served, request, baseUrl, $"{baseUrl}/{type}{http.Request.QueryString.Value}");
        return new FhirResult(bundle, pretty: request.Pretty);
    }

    /// <summary>The SOS Médecins question: schedules of the associations' fixed places with free slots.</summary>
    private static async Task<IResult> SearchSosSchedulesAsync(
        HttpContext http,
        SosScheduleSearchParser parser,
        ISlotStore store,
        SosScheduleBundleBuilder bundleBuilder,
        SlotFreshness freshness,
        IOptions<FhirFacadeOptions> options,
        CancellationToken cancellationToken)
    {
        var request = parser.Parse(FhirQuery.Parameters(http));
        var result = await store.SearchSosAsync(request.Criteria with { FetchedSince = freshness.WithheldBefore() }, cancellationToken);
        var baseUrl = BaseUrl(http, options.Value);
        return new FhirResult(bundleBuilder.Build(result, request, baseUrl, baseUrl + "/Schedule" + http.Request.QueryString.Value), pretty: request.Pretty);
    }

    /// <summary>The FHIR base as clients should see it (<c>Fhir:PublicBaseUrl</c>, else the request's).</summary>
    internal static string BaseUrl(HttpContext http) =>
        BaseUrl(http, http.RequestServices.GetRequiredService<IOptions<FhirFacadeOptions>>().Value);

    private static string BaseUrl(HttpContext http, FhirFacadeOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{BasePath}"
            : options.PublicBaseUrl.TrimEnd('/');
}
