using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using Sas.Interop.Core.Statistics;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// <c>GET /admin/unavailabilities[.csv]?minDays=</c>: the practitioners declared unavailable (truth.md R7) for at least
/// <c>minDays</c> from now (an open end always qualifies), and how many practitioners are unavailable right now.
/// </summary>
internal static class UnavailabilityEndpoints
{
    private static readonly string[] Header =
    [
        "practitioner_national_id", "practitioner_name", "source_instance", "place_id", "place", "reason", "since", "until", "days", "description",
    ];

    public static RouteGroupBuilder MapUnavailabilities(this RouteGroupBuilder admin)
    {
        admin.MapGet("/unavailabilities", ListAsync);
        admin.MapGet("/unavailabilities.csv", ExportAsync);
        return admin;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IUnavailabilityStore store, UnavailabilityOptions options, SlotFreshness freshness, TimeProvider time, UnavailabilityWebhookOptions webhook, IUnavailabilityNotificationStore notifications, CancellationToken cancellationToken)
    {
        if (ReadMinDays(http, options) is not { } minDays)
        {
            return Invalid(http);
        }

        var now = time.GetUtcNow();
        var all = await store.ListAsync(null, now, freshness.WithheldBefore(), cancellationToken);
        return Results.Ok(new
        {
            minDays,
            currentlyUnavailable = CurrentlyUnavailable(all, now),
            unavailabilities = all.Where(u => u.LastsAtLeast(TimeSpan.FromDays(minDays), now)).Select(UnavailabilityView.From),
            webhook = await WebhookAsync(webhook, notifications, cancellationToken),
        });
    }

    // The receiver's host only: its path or query may carry a token.
    private static async Task<object?> WebhookAsync(UnavailabilityWebhookOptions webhook, IUnavailabilityNotificationStore notifications, CancellationToken cancellationToken)
    {
        if (webhook.Endpoint is not { } endpoint)
        {
            return null;
        }

        var status = await notifications.StatusAsync(cancellationToken);
        return new { host = endpoint.Authority, sent = status.Delivered, pending = status.Pending, failing = status.Failing, refused = status.Refused, status.LastError, status.LastErrorAt };
    }

    /// <summary>How many practitioners have an unavailability covering <paramref name="now"/>.</summary>
    public static int CurrentlyUnavailable(IEnumerable<PractitionerUnavailability> all, DateTimeOffset now) =>
        all.Where(u => u.Covers(now)).Select(u => u.PractitionerNationalId).Distinct(StringComparer.Ordinal).Count();

    private static async Task ExportAsync(HttpContext http, IUnavailabilityStore store, UnavailabilityOptions options, SlotFreshness freshness, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ReadMinDays(http, options) is not { } minDays)
        {
            await Invalid(http).ExecuteAsync(http);
            return;
        }

        var now = time.GetUtcNow();
        var all = await store.ListAsync(null, now, freshness.WithheldBefore(), cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"sas-unavailabilities-{StatisticsCalendar.DayOf(now):yyyyMMdd}.csv",
        }.ToString();

        // As the slot export: a BOM for Excel, every field through CsvWriter (formula-neutralised).
        await http.Response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var text = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var csv = new CsvWriter(text);
        await csv.WriteRecordAsync(Header);
        foreach (var view in all.Where(u => u.LastsAtLeast(TimeSpan.FromDays(minDays), now)).Select(UnavailabilityView.From))
        {
            await csv.WriteRecordAsync(
            [
                view.PractitionerNationalId, view.Name, view.Source, view.PlaceId, view.Place, view.Reason,
                Iso(view.Since), Iso(view.Until), view.Days?.ToString(CultureInfo.InvariantCulture), view.Description,
            ]);
        }

        await text.FlushAsync(cancellationToken);
    }

    private static int? ReadMinDays(HttpContext http, UnavailabilityOptions options)
    {
        var raw = http.Request.Query["minDays"];
        if (raw.Count == 0)
        {
            return options.MinDays;
        }

        return raw.Count == 1 && int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 0 && days <= UnavailabilityOptions.MaxDays
            ? days
            : null;
    }

    private static IResult Invalid(HttpContext http) => Results.ValidationProblem(
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["minDays"] = [$"'{http.Request.Query["minDays"]}' is not one whole number of days between 0 and {UnavailabilityOptions.MaxDays}."],
        },
        title: "Invalid unavailabilities query");

    private static string? Iso(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
