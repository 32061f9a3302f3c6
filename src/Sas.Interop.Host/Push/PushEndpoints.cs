using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Ingestion.Push;

namespace Sas.Interop.Host.Push;

/// <summary>
/// The publisher write side of <c>/fhir</c>: transaction/batch Bundles, (conditional) PUT, DELETE of slots. Every
/// route needs a publisher identity and is rate limited per publisher; SAS reads are untouched.
/// </summary>
internal static class PushEndpoints
{
    public static IEndpointRouteBuilder MapPushEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var push = endpoints.MapGroup(FhirEndpoints.BasePath).RequireAuthorization(PushServiceCollectionExtensions.Policy)
            .RequireRateLimiting(PushServiceCollectionExtensions.Policy).WithTags("FHIR push");
        push.MapPost("/", PostBundleAsync);
        push.MapPut("/{type}", PutConditionalAsync);
        push.MapPut("/{type}/{id}", PutByIdAsync);
        push.MapDelete("/Slot", DeleteConditionalAsync);
        push.MapDelete("/Slot/{id}", DeleteByIdAsync);
        return endpoints;
    }

    private static async Task<IResult> PostBundleAsync(HttpContext http, PublisherRegistry registry, PushProcessor processor, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        var publisher = PublisherOf(http, registry);
        var bundle = PushRequestReader.Parse<Bundle>(await PushRequestReader.ReadBodyAsync(http.Request, options.Value.MaxBodyBytes, cancellationToken));
        if (bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Batch))
        {
            throw Invalid("POST /fhir takes a Bundle of type 'transaction' or 'batch'.", "Bundle.type");
        }

        if (bundle.Entry.Count > options.Value.MaxEntries)
        {
            throw new FhirRequestException(StatusCodes.Status413PayloadTooLarge, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.TooCostly, $"The Bundle has {bundle.Entry.Count} entries; Push:MaxEntries is {options.Value.MaxEntries}.", "Bundle.entry")]);
        }

        var entries = await EntriesOfAsync(bundle, publisher, registry, processor, cancellationToken);
        var atomic = bundle.Type == Bundle.BundleType.Transaction;
        var results = await processor.ApplyAsync(publisher.Writer, entries, atomic, cancellationToken);
        var response = new Bundle { Type = atomic ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse };
        foreach (var result in results)
        {
            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = StatusText(result.StatusCode),
                    Location = result.Location,
                    Etag = result.Version is { } version ? VersionTags.Format(version) : null,
                    LastModified = result.LastModified,
                    Outcome = result.Outcome,
                },
            });
        }

        return new FhirResult(response);
    }

    internal static async Task<IResult> PutConditionalAsync(HttpContext http, string type, PublisherRegistry registry, PushProcessor processor, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        var condition = PushRequestReader.ParseIdentifier(IdentifierParameter(http), out var error)
            ?? throw Invalid(error!, "identifier");
        return await PutAsync(http, type, registry, processor, options, async (publisher, resource) =>
            (await processor.ResolveIdentifierAsync(publisher.Writer, type, condition, resource, "identifier", cancellationToken))!, cancellationToken);
    }

    private static Task<IResult> PutByIdAsync(HttpContext http, string type, string id, PublisherRegistry registry, PushProcessor processor, IOptions<PushOptions> options, CancellationToken cancellationToken)
    {
        RequireFhirId(id);
        return PutAsync(http, type, registry, processor, options, async (publisher, resource) =>
        {
            var nativeId = await processor.ResolveNativeIdAsync(publisher.Writer, type, id, registry.HoldsSource, cancellationToken);

            // FHIR update: the body's id is the URL's (the hub id or the publisher's own id, either way: the answer to
            // a PUT carries the hub id, and sending it back must work); another one is an error.
            if (resource.Id is { } bodyId && bodyId != id && bodyId != nativeId && bodyId != ResourceIds.For(publisher.SourceInstance, nativeId))
            {
                throw Invalid($"The body's id '{bodyId}' is not the URL's id '{id}': FHIR update needs them equal.", resource.TypeName + ".id");
            }

            return nativeId;
        }, cancellationToken);
    }

    // Everything a request can be refused for is checked before its key is resolved: resolving a new conditional
    // identifier records it, and a refused request should leave nothing behind.
    private static async Task<IResult> PutAsync(HttpContext http, string type, PublisherRegistry registry, PushProcessor processor, IOptions<PushOptions> options, Func<PushPublisher, Resource, Task<string>> resolveNativeId, CancellationToken cancellationToken)
    {
        var publisher = PublisherOf(http, registry);
        var ifMatch = IfMatchOf(http);
        if (!PushProcessor.WritableTypes.Contains(type))
        {
            throw Invalid($"{type} cannot be written here; writable: {string.Join(", ", PushProcessor.WritableTypes)}.", null);
        }

        var resource = PushRequestReader.Parse<Resource>(await PushRequestReader.ReadBodyAsync(http.Request, options.Value.MaxBodyBytes, cancellationToken));
        if (resource.TypeName != type)
        {
            throw Invalid($"The body is a {resource.TypeName}, the URL names {type}.", resource.TypeName);
        }

        var nativeId = await resolveNativeId(publisher, resource);
        resource.Id = nativeId;
        var result = (await processor.ApplyAsync(publisher.Writer, [new PushEntry(0, "PUT", type, nativeId, resource, type, ifMatch, "If-Match")], atomic: true, cancellationToken))[0];
        http.Response.Headers.Location = $"{FhirEndpoints.BaseUrl(http)}/{result.Location}";

        // The body names the resource as Location and searches do: by its hub id, not the publisher's native one.
        resource.Id = ResourceIds.For(publisher.SourceInstance, nativeId);
        if (result.Version is { } version)
        {
            http.Response.Headers.ETag = VersionTags.Format(version);
            resource.Meta ??= new Meta();
            resource.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            resource.Meta.LastUpdated = result.LastModified;
            if (result.LastModified is { } lastModified)
            {
                http.Response.Headers.LastModified = lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new FhirResult(resource, result.StatusCode);
    }

    private static async Task<IResult> DeleteConditionalAsync(HttpContext http, PublisherRegistry registry, PushProcessor processor, CancellationToken cancellationToken)
    {
        var condition = PushRequestReader.ParseIdentifier(IdentifierParameter(http), out var error)
            ?? throw Invalid(error!, "identifier");
        var publisher = PublisherOf(http, registry);
        var ifMatch = IfMatchOf(http);
        var nativeId = await processor.ResolveIdentifierAsync(publisher.Writer, "Slot", condition, resource: null, "identifier", cancellationToken);
        if (nativeId is not null)
        {
            return await DeleteAsync(publisher, nativeId, ifMatch, processor, cancellationToken);
        }

        // If-Match on nothing cannot match (RFC 9110 13.1.1): 412, as for an id that names nothing.
        return ifMatch is null
            ? new FhirResult(OperationOutcomeFactory.Error(OperationOutcome.IssueType.NotFound, $"You hold no Slot with identifier {condition}."), StatusCodes.Status404NotFound)
            : new FhirResult(OperationOutcomeFactory.From([PushProcessor.ConflictIssue(new PushEntry(0, "DELETE", "Slot", condition.ToString(), null, "Slot", ifMatch, "If-Match"), null)]), StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> DeleteByIdAsync(HttpContext http, string id, PublisherRegistry registry, PushProcessor processor, CancellationToken cancellationToken)
    {
        RequireFhirId(id);
        var publisher = PublisherOf(http, registry);
        return await DeleteAsync(publisher, await processor.ResolveNativeIdAsync(publisher.Writer, "Slot", id, registry.HoldsSource, cancellationToken), IfMatchOf(http), processor, cancellationToken);
    }

    // 404 when the publisher holds no such slot: its namespace is all it can see, so another publisher's slot with the
    // same native id is simply not found (naming it by its hub id gives 403, see ResolveNativeIdAsync).
    private static async Task<IResult> DeleteAsync(PushPublisher publisher, string nativeId, long? ifMatch, PushProcessor processor, CancellationToken cancellationToken)
    {
        var outcome = await processor.DeleteSlotAsync(publisher.Writer, nativeId, ifMatch, cancellationToken);
        return outcome.Status switch
        {
            PushWriteStatus.Deleted => Results.NoContent(),
            PushWriteStatus.VersionConflict => new FhirResult(
                OperationOutcomeFactory.From([PushProcessor.ConflictIssue(new PushEntry(0, "DELETE", "Slot", nativeId, null, "Slot", ifMatch, "If-Match"), outcome)]),
                StatusCodes.Status412PreconditionFailed),
            _ => new FhirResult(OperationOutcomeFactory.Error(OperationOutcome.IssueType.NotFound, $"You hold no Slot with id '{nativeId}'."), StatusCodes.Status404NotFound),
        };
    }

    // Two passes: every entry is checked first (400 lists every problem), and only then are conditional identifiers
    // resolved, since resolving a new one records it.
    private static async Task<List<PushEntry>> EntriesOfAsync(Bundle bundle, PushPublisher publisher, PublisherRegistry registry, PushProcessor processor, CancellationToken cancellationToken)
    {
        var issues = DuplicateFullUrls(bundle);
        var checkedEntries = new List<(int Index, string Method, string Type, string? NativeId, IdentifierCondition? Condition, Resource? Resource, long? IfMatch)>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            var at = $"Bundle.entry[{i}]";
            var method = entry.Request?.Method?.ToString().ToUpperInvariant();
            var url = entry.Request?.Url ?? string.Empty;
            var path = url.Split('?', 2)[0].Trim('/');
            var parameters = url.Contains('?', StringComparison.Ordinal) ? FhirQuery.Parameters(url.Split('?', 2)[1]) : [];
            var identifiers = parameters.Where(p => p.Name == "identifier").Select(p => p.Value).ToList();
            var segments = path.Split('/');
            var type = segments[0];
            string? nativeId = null;
            IdentifierCondition? condition = null;
            if (method is not ("PUT" or "POST" or "DELETE"))
            {
                issues.Add(Issue($"request.method must be PUT, POST or DELETE, not '{method}'.", at + ".request.method"));
                continue;
            }

            if (!PushProcessor.WritableTypes.Contains(type) || (method == "DELETE" && type != "Slot"))
            {
                issues.Add(Issue($"'{method} {url}': only Slot may be deleted; writable types are {string.Join(", ", PushProcessor.WritableTypes)}.", at + ".request.url"));
                continue;
            }

            // As on PUT/DELETE ?identifier=: names are case-sensitive, and a condition not understood is refused.
            if (parameters.FirstOrDefault(p => p.Name != "identifier") is { } unknown)
            {
                issues.Add(Issue($"'{method} {url}': the parameter '{unknown.Name}' is not supported; a conditional entry takes identifier=system|value only (parameter names are case-sensitive).", at + ".request.url"));
                continue;
            }

            var resource = entry.Resource;
            if (method != "DELETE" && (resource is null || resource.TypeName != type))
            {
                issues.Add(Issue($"'{method} {url}' needs a {type} resource.", at + ".resource"));
                continue;
            }

            if (segments.Length == 2)
            {
                if (PushRequestReader.FhirIdProblem(segments[1], $"'{method}': the id in request.url") is { } problem)
                {
                    issues.Add(Issue(problem, at + ".request.url"));
                    continue;
                }

                nativeId = await processor.ResolveNativeIdAsync(publisher.Writer, type, segments[1], registry.HoldsSource, cancellationToken);
                if (method == "PUT" && resource?.Id is { } bodyId && bodyId != segments[1] && bodyId != nativeId && bodyId != ResourceIds.For(publisher.SourceInstance, nativeId))
                {
                    issues.Add(Issue($"The resource's id '{bodyId}' is not the id in request.url '{segments[1]}': FHIR update needs them equal.", at + ".resource.id"));
                    continue;
                }
            }
            else if (segments.Length == 1 && identifiers.Count > 0)
            {
                condition = PushRequestReader.ParseIdentifier(string.Join(",", identifiers), out var error);
                if (condition is null)
                {
                    issues.Add(Issue(error!, at + ".request.url"));
                    continue;
                }
            }
            else if (segments.Length == 1 && method == "POST")
            {
                // POST creates with the resource's own id: the id is the key that makes a replay change nothing.
                nativeId = resource?.Id;
                if (PushRequestReader.FhirIdProblem(nativeId, "POST: resource.id") is { } problem)
                {
                    issues.Add(Issue(problem, at + ".resource.id"));
                    continue;
                }
            }
            else
            {
                issues.Add(Issue($"'{method} {url}' names no id: use PUT {type}/id, PUT {type}?identifier=system|value, or POST with resource.id.", at + ".request.url"));
                continue;
            }

            long? ifMatch = null;
            if (entry.Request?.IfMatch is { } tag)
            {
                if (!VersionTags.TryParse(tag, out var version))
                {
                    issues.Add(Issue($"request.ifMatch '{tag}' is not a version tag such as W/\"3\" (as ETag and meta.versionId give it).", at + ".request.ifMatch"));
                    continue;
                }

                ifMatch = version;
            }

            checkedEntries.Add((i, method, type, nativeId, condition, resource, ifMatch));
        }

        if (issues.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, issues);
        }

        var entries = new List<PushEntry>();
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var (i, method, type, id, condition, resource, ifMatch) in checkedEntries)
        {
            var at = $"Bundle.entry[{i}]";
            var nativeId = id;
            if (condition is not null)
            {
                nativeId = await processor.ResolveIdentifierAsync(publisher.Writer, type, condition, method == "DELETE" ? null : resource, at + ".request.url", cancellationToken);
            }

            // A conditional DELETE that matches nothing deletes nothing (204, as FHIR allows).
            var matched = nativeId is not null;
            if (!seen.Add((type, nativeId ?? "?" + condition)))
            {
                issues.Add(Issue($"{type}/{nativeId ?? condition!.ToString()} is written twice in the Bundle.", at + ".request.url"));
                continue;
            }

            if (resource is not null && method != "DELETE")
            {
                if (resource.Id is { } oldId && oldId != nativeId)
                {
                    references[$"{type}/{oldId}"] = $"{type}/{nativeId}";
                }

                if (bundle.Entry[i].FullUrl is { Length: > 0 } fullUrl)
                {
                    references[fullUrl] = $"{type}/{nativeId}";
                }

                resource.Id = nativeId;
            }

            entries.Add(new PushEntry(i, method, type, nativeId ?? condition!.ToString(), method == "DELETE" ? null : resource, at + ".resource", ifMatch, at + ".request.ifMatch", matched));
        }

        if (issues.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, issues);
        }

        PushReferences.Rewrite(entries.Select(e => e.Resource).OfType<Resource>(), references);
        return entries;
    }

    /// <summary>
    /// FHIR invariant bdl-7: a fullUrl names one entry. Two entries sharing one made the later win silently (both
    /// written, references to it resolved to the last). 400, not 422: the Bundle itself is invalid FHIR, whatever
    /// the hub's rules (FHIR http: 400 for failing basic validation, 422 for profiles and business rules). A push
    /// holds one version of a resource, so the bdl-7 exception (a different meta.versionId) does not apply.
    /// </summary>
    private static List<FhirIssue> DuplicateFullUrls(Bundle bundle)
    {
        var issues = new List<FhirIssue>();
        var groups = bundle.Entry.Select((entry, index) => (entry.FullUrl, Index: index))
            .Where(e => !string.IsNullOrEmpty(e.FullUrl))
            .GroupBy(e => e.FullUrl, StringComparer.Ordinal)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var entries = string.Join(" and ", group.Select(e => $"Bundle.entry[{e.Index}]"));
            foreach (var (_, index) in group)
            {
                issues.Add(Issue($"fullUrl '{group.Key}' is shared by {entries}: a fullUrl must be unique in a Bundle (FHIR bdl-7).", $"Bundle.entry[{index}].fullUrl"));
            }
        }

        return issues;
    }

    private static void RequireFhirId(string id)
    {
        if (PushRequestReader.FhirIdProblem(id, "The id in the URL") is { } problem)
        {
            throw Invalid(problem, null);
        }
    }

    // FHIR names are case-sensitive, so ?Identifier= must not count (trap 9), nor lend its value to a lower-case one:
    // a condition the hub does not understand is refused, not ignored, even beside one it does.
    private static string? IdentifierParameter(HttpContext http)
    {
        var parameters = FhirQuery.Parameters(http);
        var unknown = parameters.Where(p => p.Name is not ("identifier" or "_format" or "_pretty")).Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [.. unknown.Select(name => Issue($"The parameter '{name}' is not supported here: a conditional write or delete takes identifier=system|value only (parameter names are case-sensitive).", name))]);
        }

        return parameters.FirstOrDefault(p => p.Name == "identifier")?.Value;
    }

    // One version tag or none; a list or "*" is refused rather than half understood.
    private static long? IfMatchOf(HttpContext http)
    {
        var values = http.Request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || !VersionTags.TryParse(values[0], out var version))
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [Issue($"If-Match '{values}' is not one version tag such as W/\"3\" (as ETag and meta.versionId give it).", "If-Match")]);
        }

        return version;
    }

    private static PushPublisher PublisherOf(HttpContext http, PublisherRegistry registry)
    {
        var id = http.User.FindFirst(PushAuthenticationHandler.PublisherClaim)?.Value;
        return registry.Publishers.First(p => p.Id == id);
    }

    private static string StatusText(int status) => status switch
    {
        StatusCodes.Status200OK => "200 OK",
        StatusCodes.Status201Created => "201 Created",
        StatusCodes.Status204NoContent => "204 No Content",
        StatusCodes.Status412PreconditionFailed => "412 Precondition Failed",
        StatusCodes.Status422UnprocessableEntity => "422 Unprocessable Entity",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static FhirIssue Issue(string message, string? expression) =>
        new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Invalid, message, expression);

    private static FhirRequestException Invalid(string message, string? expression) =>
        new(StatusCodes.Status400BadRequest, [Issue(message, expression)]);
}
