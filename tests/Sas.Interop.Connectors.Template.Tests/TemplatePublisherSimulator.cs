using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sas.Interop.Connectors.Testing.Simulation;

namespace Sas.Interop.Connectors.Template.Tests;

/// <summary>
/// The Template's fictional publisher API (described on <c>TemplateConnectorType</c>), with deterministic data: each
/// practitioner of <see cref="Practitioners"/> consults at one place and offers a 20-minute slot every 2 hours for
/// 72 hours from the first whole hour after <see cref="Start"/>, served <see cref="PageSize"/> per page.
/// </summary>
internal sealed class TemplatePublisherSimulator(DateTimeOffset? start = null, string token = TemplatePublisherSimulator.DefaultToken) : LoopbackPublisherSimulator
{
    public const string DefaultToken = "template-simulator-token";
    public const int PageSize = 10;
    public const int SlotsPerPractitioner = 36;

    /// <summary>Where the practices are (rue Voltaire, Paris 11e); each practitioner's a little further east.</summary>
    public const double PlaceLatitude = 48.8566;
    public const double PlaceLongitude = 2.3800;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The ids the publisher knows, bare as publishers write them: two RPPS and an ADELI.</summary>
    public static IReadOnlyList<string> Practitioners { get; } = ["10101234567", "10101234568", "751234567"];

    public DateTimeOffset Start { get; } = start ?? DateTimeOffset.UtcNow;

    public string Token { get; } = token;

    /// <summary>A practitioner whose answers are not JSON (a publisher bug), or none.</summary>
    public string? MalformedFor { get; set; }

    /// <summary>The slots of a known practitioner, in order: start, end, mode.</summary>
    public IReadOnlyList<(string Id, DateTimeOffset Start, DateTimeOffset End, string Mode)> SlotsOf(string practitioner)
    {
        var index = Practitioners.ToList().IndexOf(practitioner);
        var firstHour = new DateTimeOffset(Start.UtcDateTime.Date.AddHours(Start.UtcDateTime.Hour + 1), TimeSpan.Zero);
        return [.. Enumerable.Range(0, SlotsPerPractitioner).Select(n =>
        {
            var slotStart = firstHour.AddHours(2 * n).AddMinutes(20 * index);
            return ($"s-{practitioner}-{n}", slotStart, slotStart.AddMinutes(20), n % 6 == 5 ? "video" : "office");
        })];
    }

    protected override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/v1/practitioners/{id}/slots", AnswerAsync);

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var id = (string)request.RouteValues["id"]!;
        if (!Practitioners.Contains(id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!TryInstant(request.Query["from"], out var from) || !TryInstant(request.Query["to"], out var to)
            || !int.TryParse(request.Query["page"].FirstOrDefault() ?? "1", NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/json";
        if (id == MalformedFor)
        {
            await context.Response.WriteAsync("{\"practitioner\": {\"lastName\": ");
            return;
        }

        var inWindow = SlotsOf(id).Where(s => s.Start >= from && s.Start <= to).ToList();
        var index = Practitioners.ToList().IndexOf(id);
        var answer = new
        {
            practitioner = new { lastName = $"MEDECIN{index + 1}", firstName = "Claire" },
            place = new { id = $"cab-{index + 1}", name = $"Cabinet {index + 1}", address = $"{index + 1} rue Voltaire", postalCode = "75011", city = "Paris", phone = "0102030405", latitude = PlaceLatitude, longitude = PlaceLongitude + (index / 100.0) },
            slots = inWindow.Skip((page - 1) * PageSize).Take(PageSize).Select(s => new { id = s.Id, start = s.Start, end = s.End, mode = s.Mode, bookingUrl = $"https://publisher.example/book/{s.Id}", audience = AudienceOf(s.Id) }),
            nextPage = page * PageSize < inWindow.Count ? page + 1 : (int?)null,
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, answer, Json, context.RequestAborted);
    }

    /// <summary>Every third slot is kept for SAS regulators (<c>sas</c>), the others are open to patients (<c>public</c>).</summary>
    public static string AudienceOf(string slotId) => int.Parse(slotId[(slotId.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture) % 3 == 0 ? "sas" : "public";

    private static bool TryInstant(string? value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
}
