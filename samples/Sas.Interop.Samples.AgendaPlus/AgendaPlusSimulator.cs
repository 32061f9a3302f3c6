using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sas.Interop.Samples.AgendaPlus;

/// <summary>
/// "AgendaPlus", a fictional booking platform exposing availabilities the way real ones do (non-FHIR JSON, API key
/// in <c>X-AgendaPlus-Key</c>, snake_case):
/// <c>GET /api/v2/practitioners/{rpps}/agendas</c> (agendas with their practice place; 404 for an unknown RPPS),
/// <c>GET /api/v2/agendas/{id}/motives</c> (visit motives, <c>teleconsultation</c> / <c>home_visit</c> flags),
/// <c>GET /api/v2/agendas/{id}/availabilities?motive_id=&amp;start_date=yyyy-MM-dd&amp;days=1..7</c> (per-day lists of
/// slot start times). A real Kestrel server on 127.0.0.1.
/// </summary>
public sealed class AgendaPlusSimulator : IAsyncDisposable
{
    public const string ApiKeyHeader = "X-AgendaPlus-Key";

    /// <summary>The platform serves at most a week per availabilities call.</summary>
    public const int MaxDaysPerCall = 7;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly WebApplication _app;
    private readonly AgendaPlusSimulatorOptions _options;
    private readonly IReadOnlyList<SimulatedAgenda> _agendas;
    private readonly ConcurrentQueue<AgendaPlusRequest> _requests = new();
    private readonly Lock _lock = new();

    private AgendaPlusSimulator(WebApplication app, AgendaPlusSimulatorOptions options, IReadOnlyList<SimulatedAgenda> agendas)
    {
        _app = app;
        _options = options;
        _agendas = agendas;
    }

    /// <summary>e.g. <c>http://127.0.0.1:5123</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public string ApiKey => _options.ApiKey;

    /// <summary>Bare 11-digit RPPS of the practitioners served, as the platform knows them.</summary>
    public IReadOnlyList<string> PractitionerRpps => [.. _agendas.Select(a => a.Rpps).Distinct()];

    /// <summary>Prefixed national ids (<c>8</c>+RPPS), as the SAS searches them.</summary>
    public IReadOnlyList<string> PractitionerIds => [.. PractitionerRpps.Select(rpps => "8" + rpps)];

    public IReadOnlyList<AgendaPlusRequest> Requests => [.. _requests];

    /// <summary>Settable at any time: what goes wrong from now on.</summary>
    public AgendaPlusFault Fault { get; set; }

    public static async Task<AgendaPlusSimulator> StartAsync(AgendaPlusSimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AgendaPlusSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        var app = builder.Build();
        var simulator = new AgendaPlusSimulator(app, options, Generate(options));
        app.MapGet("/api/v2/practitioners/{rpps}/agendas", simulator.HandleAgendasAsync);
        app.MapGet("/api/v2/agendas/{id}/motives", simulator.HandleMotivesAsync);
        app.MapGet("/api/v2/agendas/{id}/availabilities", simulator.HandleAvailabilitiesAsync);
        app.MapFallback(context => WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found"));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = address.TrimEnd('/');
        return simulator;
    }

    /// <summary>Open start times of a practitioner (any motive), French time.</summary>
    public IReadOnlyList<DateTimeOffset> OpenTimes(string rpps)
    {
        lock (_lock)
        {
            return [.. _agendas.Where(a => a.Rpps == rpps).SelectMany(a => a.Times.Values.SelectMany(t => t)).Distinct().Order()];
        }
    }

    /// <summary>Distinct open start times in [from, to], counted per agenda (one slot each for the SAS).</summary>
    public int OpenSlotCount(string rpps, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_lock)
        {
            return _agendas.Where(a => a.Rpps == rpps).Sum(a => a.Times.Values.SelectMany(t => t).Where(t => t >= from && t <= to).Distinct().Count());
        }
    }

    /// <summary>Books (closes) matching times for every motive, as a booking elsewhere would; returns how many times closed.</summary>
    public int Book(string rpps, Func<DateTimeOffset, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_lock)
        {
            return _agendas.Where(a => a.Rpps == rpps).SelectMany(a => a.Times.Values).Sum(times => times.RemoveWhere(t => predicate(t)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static List<SimulatedAgenda> Generate(AgendaPlusSimulatorOptions options)
    {
        var random = new Random(options.Seed);
        var paris = FrenchTime.Zone;
        var firstDay = options.FirstDay ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime);
        string[] families = ["Lemaire", "Caron", "Perrin", "Marchand", "Duval", "Renaud", "Colin", "Aubert", "Brun", "Gauthier"];
        string[] givens = ["Alice", "Bastien", "Céline", "Damien", "Emma", "Fabien", "Gaëlle", "Hervé", "Iris", "Jérôme"];
        (string City, string Zip)[] communes = [("Nantes", "44000"), ("Angers", "49000"), ("Tours", "37000"), ("Rennes", "35000"), ("Vannes", "56000")];
        var agendas = new List<SimulatedAgenda>();
        for (var p = 0; p < options.PractitionerCount; p++)
        {
            var rpps = "2" + (options.Seed % 1000).ToString("D3", CultureInfo.InvariantCulture) + p.ToString("D7", CultureInfo.InvariantCulture);
            var family = families[random.Next(families.Length)];
            var given = givens[random.Next(givens.Length)];

            // Every other practitioner consults in two places, as many do.
            for (var a = 0; a < 1 + (p % 2); a++)
            {
                var (city, zip) = communes[random.Next(communes.Length)];
                var agendaId = $"{options.Name}-{p}-{a}";
                var motives = new List<SimulatedMotive>
                {
                    new(100 + a, "Consultation de médecine générale", false, false, 20),
                    new(200 + a, "Téléconsultation", true, false, 15),
                };
                if (p % 3 == 0)
                {
                    motives.Add(new SimulatedMotive(300 + a, "Visite à domicile", false, true, 30));
                }

                var times = motives.ToDictionary(m => m.Id, _ => new SortedSet<DateTimeOffset>());
                for (var day = 0; day < options.Days; day++)
                {
                    var date = firstDay.AddDays(day);
                    for (var minutes = 8 * 60; minutes < 19 * 60; minutes += 30)
                    {
                        var local = date.ToDateTime(new TimeOnly(minutes / 60, minutes % 60));
                        var start = new DateTimeOffset(local, paris.GetUtcOffset(local));
                        foreach (var motive in motives.Where(_ => random.Next(4) == 0))
                        {
                            times[motive.Id].Add(start);
                        }
                    }
                }

                agendas.Add(new SimulatedAgenda
                {
                    Id = agendaId,
                    Rpps = rpps,
                    FirstName = given,
                    LastName = family,
                    PracticeId = $"{options.Name}-pr-{p}-{a}",
                    PracticeName = a == 0 ? $"Cabinet du Dr {family}" : $"Maison de santé de {city}",
                    Street = $"{1 + random.Next(80)} rue des Lilas",
                    ZipCode = zip,
                    City = city,
                    Phone = "02" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                    BookingUrl = $"https://agendaplus.example/{options.Name}/book/{agendaId}",
                    Motives = motives,
                    Times = times,
                });
            }
        }

        return agendas;
    }

    /// <summary>Checks the key and the fault switch; false when the answer is already written.</summary>
    private async Task<bool> BeginAsync(HttpContext context)
    {
        var key = context.Request.Headers[ApiKeyHeader].ToString();
        _requests.Enqueue(new AgendaPlusRequest(context.Request.Path + context.Request.QueryString, key.Length == 0 ? null : key));
        if (!string.Equals(key, _options.ApiKey, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid_api_key");
            return false;
        }

        if (Fault == AgendaPlusFault.ServerError)
        {
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_error");
            return false;
        }

        return true;
    }

    private async Task HandleAgendasAsync(HttpContext context, string rpps)
    {
        if (!await BeginAsync(context))
        {
            return;
        }

        var agendas = _agendas.Where(a => a.Rpps == rpps).ToList();
        if (agendas.Count == 0)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "practitioner_not_found");
            return;
        }

        var missingPractice = Fault == AgendaPlusFault.MissingPractice;
        await context.Response.WriteAsJsonAsync(
            agendas.Select(a => new
            {
                a.Id,
                Practitioner = new { a.Rpps, a.FirstName, a.LastName },
                Practice = missingPractice ? null : new { Id = a.PracticeId, Name = a.PracticeName, Address = new { a.Street, a.ZipCode, a.City }, a.Phone },
                a.BookingUrl,
            }),
            Json);
    }

    private async Task HandleMotivesAsync(HttpContext context, string id)
    {
        if (!await BeginAsync(context))
        {
            return;
        }

        if (_agendas.FirstOrDefault(a => a.Id == id) is not { } agenda)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "agenda_not_found");
            return;
        }

        await context.Response.WriteAsJsonAsync(agenda.Motives, Json);
    }

    private async Task HandleAvailabilitiesAsync(HttpContext context, string id)
    {
        if (!await BeginAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        if (_agendas.FirstOrDefault(a => a.Id == id) is not { } agenda)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "agenda_not_found");
            return;
        }

        if (!DateOnly.TryParseExact(query["start_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate)
            || !int.TryParse(query["days"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) || days is < 1 or > MaxDaysPerCall
            || !int.TryParse(query["motive_id"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var motiveId))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "start_date (yyyy-MM-dd), days (1-7) and motive_id are required");
            return;
        }

        if (Fault == AgendaPlusFault.MalformedJson)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"availabilities\":[{\"date\":\"" + startDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\",\"slots\":[\"20");
            return;
        }

        List<DateTimeOffset> times;
        lock (_lock)
        {
            times = agenda.Times.TryGetValue(motiveId, out var open) ? [.. open] : [];
        }

        var result = Enumerable.Range(0, days).Select(offset => startDate.AddDays(offset)).Select(date => new
        {
            Date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Slots = times.Where(t => DateOnly.FromDateTime(t.DateTime) == date).Select(t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)).ToList(),
        });
        await context.Response.WriteAsJsonAsync(new { Availabilities = result }, Json);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { Error = error }, Json);
    }
}
