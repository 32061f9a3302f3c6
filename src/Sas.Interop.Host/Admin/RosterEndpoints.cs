using System.Text;
using Microsoft.Net.Http.Headers;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Core.Sync;
using Sas.Interop.Host.Sources;
using Sas.Interop.Sync.Runs;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Mass enrolment: an instance's roster, held in the database (src/Sas.Interop.Core/truth.md, "Roster and
/// configuration"), read, extended by a CSV upload and shortened key by key. Every node sees a change at once; the next
/// sync of the instance fetches the new keys, and a removed key's slots are withdrawn in the removal's transaction.
/// </summary>
internal static class RosterEndpoints
{
    /// <summary>About 60 000 lines with a label and an e-mail: a whole department's effecteurs in one file.</summary>
    public const int MaxUploadBytes = 4 * 1024 * 1024;

    /// <summary>Rejected lines listed in an upload's report; <c>rejectedCount</c> counts them all.</summary>
    public const int MaxRejectionsListed = 1000;

    private static readonly string[] CsvHeader = ["national_id", "kind", "label", "email", "origin", "added_at"];

    public static RouteGroupBuilder MapRosterEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/connectors/{instanceId}/roster", GetAsync);
        admin.MapPost("/connectors/{instanceId}/roster", UploadAsync);
        admin.MapDelete("/connectors/{instanceId}/roster/{nationalId}", RemoveAsync);
        return admin;
    }

    private static async Task<IResult> GetAsync(string instanceId, string? format, HttpContext http, ConnectorCatalog catalog, ServedSources served, ISourceRosterStore rosters, CancellationToken cancellationToken)
    {
        if (Problem(instanceId, catalog, served) is { } problem)
        {
            return problem;
        }

        var entries = await rosters.GetEntriesAsync(instanceId, cancellationToken);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
        if (!csv)
        {
            return Results.Ok(new { id = instanceId, kind = served.RosterKindOf(instanceId) == SyncScopeKind.Organization ? "organization" : "practitioner", size = entries.Count, entries });
        }

        // Labels and e-mails are typed by operators and publishers: written through CsvWriter, which neutralises formulas.
        var text = new StringBuilder();
        await using (var writer = new StringWriter(text))
        {
            var csvWriter = new CsvWriter(writer);
            await csvWriter.WriteRecordAsync(CsvHeader);
            foreach (var e in entries)
            {
                await csvWriter.WriteRecordAsync([e.NationalId, e.Kind, e.Label, e.Email, e.Origin, e.AddedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)]);
            }
        }

        http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = $"roster-{instanceId}.csv" }.ToString();

        // The BOM makes Excel read UTF-8 (accented labels); the same file can be uploaded back as it is.
        return Results.Bytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8");
    }

    private static async Task<IResult> UploadAsync(
        string instanceId,
        bool? dryRun,
        HttpRequest request,
        ConnectorCatalog catalog,
        ServedSources served,
        ISourceRosterStore rosters,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (Problem(instanceId, catalog, served) is { } problem)
        {
            return problem;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the roster as text/csv (UTF-8): national id (RPPS or ADELI), optional label, optional e-mail, one practitioner a line.");
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported charset", detail: $"The roster must be UTF-8 (with or without BOM); got charset={contentType.Charset}.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Roster too large", detail: $"The file exceeds {MaxUploadBytes} bytes; split it into several uploads.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not UTF-8", detail: "The file is not UTF-8: save it as \"CSV UTF-8\" (Excel) and send it again.");
        }

        var instance = catalog.Find(instanceId)!;
        var kind = served.RosterKindOf(instanceId)!.Value;
        var now = timeProvider.GetUtcNow();
        var (accepted, rejected) = RosterCsvReader.Read(text, kind, key => catalog.RosterKeyProblem(instance, key), now);
        IReadOnlyList<string> added;
        if (dryRun == true)
        {
            var present = (await rosters.GetKeysAsync(instanceId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            added = [.. accepted.Select(e => e.NationalId).Where(id => !present.Contains(id))];
        }
        else
        {
            added = await rosters.AddAsync(instanceId, accepted, cancellationToken);
            if (added.Count > 0)
            {
                loggers.CreateLogger("Sas.Interop.Sources").LogWarning("Added {Keys} keys to the roster of {Source} from an operator's upload ({Rejected} lines rejected)", added.Count, instanceId, rejected.Count);
            }
        }

        return Results.Ok(new
        {
            id = instanceId,
            dryRun = dryRun == true,
            accepted = added.Count,
            alreadyPresent = accepted.Count - added.Count,
            rejectedCount = rejected.Count,
            rejected = rejected.Take(MaxRejectionsListed),
            size = (await rosters.GetKeysAsync(instanceId, cancellationToken)).Count,
        });
    }

    private static async Task<IResult> RemoveAsync(string instanceId, string nationalId, ConnectorCatalog catalog, ServedSources served, ISourceRosterStore rosters, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (Problem(instanceId, catalog, served) is { } problem)
        {
            return problem;
        }

        var kind = served.RosterKindOf(instanceId)!.Value;
        // An Organizations roster holds SIRETs (sos) or FINESS and SIRETs (structure): a FINESS key must be removable too.
        var normalized = kind == SyncScopeKind.Organization
            ? NationalIdentifiers.TryNormalizeFinessOrSiret(nationalId, out var structure, out _) ? structure : null
            : NationalIdentifiers.TryNormalizePractitioner(nationalId, out var id, out _) ? id : null;
        var withdrawn = normalized is null ? null : await rosters.RemoveAsync(instanceId, normalized, kind, cancellationToken);
        if (withdrawn is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in the roster", detail: $"'{nationalId}' is not in the roster of '{instanceId}'.");
        }

        loggers.CreateLogger("Sas.Interop.Sources").LogWarning("Removed {Key} from the roster of {Source} on an operator's request; {Slots} slots withdrawn", normalized, instanceId, withdrawn);

        // A key the configuration still lists comes back with the next start-up's seeding: say so rather than surprise.
        var configured = served.ConfiguredRosters.TryGetValue(instanceId, out var roster) && roster.Keys.Contains(normalized!, StringComparer.Ordinal);
        return Results.Ok(new
        {
            id = instanceId,
            nationalId = normalized,
            withdrawnSlots = withdrawn,
            stillConfigured = configured,
            warning = configured ? $"The configuration still lists {normalized} under Connectors:{instanceId}: remove it there too, or it returns at the next start-up." : null,
        });
    }

    /// <summary>404 for an unknown instance, 409 for one whose connector type keeps no roster; null when it has one.</summary>
    private static IResult? Problem(string instanceId, ConnectorCatalog catalog, ServedSources served)
    {
        if (catalog.Find(instanceId) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown connector instance", detail: $"No connector instance '{instanceId}' is configured.");
        }

        return served.RosterKindOf(instanceId) is null
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No roster", detail: $"The connector type of '{instanceId}' fetches no fixed list of keys, so it has no roster.")
            : null;
    }

    /// <summary>The body; null beyond <see cref="MaxUploadBytes"/>, counted as read (a missing Content-Length does not help).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxUploadBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
