using System.Text;
using Microsoft.Net.Http.Headers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Host.Sources;

namespace Sas.Interop.Host.Admin;

/// <summary><c>GET /admin/identity-conflicts</c>: identity vigilance, as JSON or, with <c>?format=csv</c>, as a CSV export.</summary>
internal static class IdentityConflictEndpoints
{
    private static readonly string[] CsvHeader = ["national_id", "kind", "source", "value"];

    public static RouteGroupBuilder MapIdentityConflictEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/identity-conflicts", GetAsync);
        return admin;
    }

    private static async Task<IResult> GetAsync(string? format, HttpContext http, IIdentityVigilanceStore store, ServedSources served, CancellationToken cancellationToken)
    {
        // Only what is served today: a removed source's rows, kept until purged, describe no one any more.
        var identities = (await store.SharedPractitionersAsync(cancellationToken)).Where(i => served.IsServed(i.SourceInstance));
        var unreturned = (await store.UnreturnedRosterKeysAsync(cancellationToken)).Where(u => served.IsServed(u.SourceInstance));
        var conflicts = IdentityConflictFinder.Find(identities, unreturned);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
        if (!csv)
        {
            return Results.Ok(new
            {
                total = conflicts.Count,
                byKind = conflicts.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count()),
                conflicts,
            });
        }

        // Names and addresses come from publishers: CsvWriter neutralises formulas.
        var text = new StringBuilder();
        await using (var writer = new StringWriter(text))
        {
            var csvWriter = new CsvWriter(writer);
            await csvWriter.WriteRecordAsync(CsvHeader);
            foreach (var conflict in conflicts)
            {
                foreach (var source in conflict.Sources)
                {
                    await csvWriter.WriteRecordAsync([conflict.NationalId, conflict.Kind, source.Source, source.Value]);
                }
            }
        }

        http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = "identity-conflicts.csv" }.ToString();
        return Results.Bytes([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8");
    }
}
