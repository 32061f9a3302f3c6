using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Samples.SmartScheduling;

/// <summary>
/// A SMART Scheduling Links publisher: <c>GET {BaseUrl}/$bulk-publish[?_since=]</c> answers the manifest
/// (transactionTime, output[{type, url}]), whose NDJSON files (<c>/data/{Type}.ndjson</c>) hold Location,
/// Schedule and Slot resources, one per line, written as a stream. With <c>_since</c> the files hold only the
/// resources changed after it. Schedules name their Location and the practitioner (an IDNPS logical reference, or
/// <c>Practitioner/id</c> with a Practitioner file; <see cref="SmartSchedulingSimulatorOptions.PractitionerActor"/>);
/// <see cref="SmartSchedulingSimulatorOptions.StructureSchedules"/> adds Location-only Schedules (the spec's shape).
/// Locations carry what the spec lists: identifiers (a FINESS among them), address with district, phone and url,
/// position.
/// </summary>
public sealed class SmartSchedulingSimulator : IAsyncDisposable
{
    public const string BookingDeepLink = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link";
    public const string BookingPhone = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone";
    public const string SlotCapacity = "http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity";

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }.ForFhir();
    public const string StructureNationalId = "urn:oid:1.2.250.1.71.4.2.2";

    private readonly WebApplication _app;
    private readonly SmartSchedulingSimulatorOptions _options;
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Dictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private DateTimeOffset _clock;

    private SmartSchedulingSimulator(WebApplication app, SmartSchedulingSimulatorOptions options)
    {
        _app = app;
        _options = options;
        _clock = WholeMilliseconds(DateTimeOffset.UtcNow);
    }

    /// <summary>e.g. <c>http://127.0.0.1:5123/ssl</c> (no trailing slash); the manifest is <c>{BaseUrl}/$bulk-publish</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Prefixed national ids (<c>8</c>+RPPS) of the practitioners published.</summary>
    public IReadOnlyList<string> PractitionerIds { get; private set; } = [];

    /// <summary>Paths and queries received, oldest first.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Ids of the Location-only Schedules (<see cref="SmartSchedulingSimulatorOptions.StructureSchedules"/>).</summary>
    public IReadOnlyList<string> StructureScheduleIds { get; private set; } = [];

    /// <summary>
    /// Prefixed FINESS (<c>1</c>+FINESS) of the Locations of the Location-only Schedules, one per structure, in order;
    /// those left without an identifier (<see cref="SmartSchedulingSimulatorOptions.StructuresWithoutIdentifier"/>) are not listed.
    /// </summary>
    public IReadOnlyList<string> StructureIds { get; private set; } = [];

    /// <summary>The NDJSON types the manifest lists.</summary>
    public IReadOnlyList<string> Types => _options.PractitionerActor == SmartPractitionerActor.PractitionerResource ? ["Location", "Practitioner", "Schedule", "Slot"] : ["Location", "Schedule", "Slot"];

    /// <summary>Copies of the Locations published now.</summary>
    public IReadOnlyList<Location> Locations()
    {
        lock (_lock)
        {
            return [.. _resources.Values.OfType<Location>().Select(l => (Location)l.DeepCopy())];
        }
    }

    /// <summary>Settable: the Slot file carries a line that is not JSON.</summary>
    public bool MalformedSlotFile { get; set; }

    public static async Task<SmartSchedulingSimulator> StartAsync(SmartSchedulingSimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SmartSchedulingSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        var app = builder.Build();
        var simulator = new SmartSchedulingSimulator(app, options);
        simulator.Generate();
        app.MapGet("/ssl/$bulk-publish", simulator.HandleManifestAsync);
        app.MapGet("/ssl/data/{file}", simulator.HandleFileAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = address.TrimEnd('/') + "/ssl";
        return simulator;
    }

    /// <summary>Copies of the Slots published now.</summary>
    public IReadOnlyList<Slot> Slots()
    {
        lock (_lock)
        {
            return [.. _resources.Values.OfType<Slot>().Select(s => (Slot)s.DeepCopy())];
        }
    }

    /// <summary>Marks a slot busy (booked), stamping it as changed.</summary>
    public void Book(string slotId) => Change(slotId, slot => slot.Status = Slot.SlotStatus.Busy);

    /// <summary>Changes a slot (e.g. its capacity) and stamps it as changed.</summary>
    public void Change(string slotId, Action<Slot> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            var slot = (Slot)_resources["Slot/" + slotId];
            change(slot);
            Stamp(slot);
        }
    }

    /// <summary>Stops publishing a slot (a full snapshot is the only way a consumer learns it).</summary>
    public bool Remove(string slotId)
    {
        lock (_lock)
        {
            return _resources.Remove("Slot/" + slotId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private void Stamp(Resource resource)
    {
        // Strictly after every transactionTime already handed out, so _since never misses a change.
        // Whole milliseconds, as transactionTime is written: a finer stamp would compare after its own cursor.
        var now = WholeMilliseconds(DateTimeOffset.UtcNow);
        _clock = now > _clock ? now : _clock.AddMilliseconds(1);
        resource.Meta = new Meta { LastUpdated = _clock };
    }

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private void Generate()
    {
        var random = new Random(_options.Seed);
        var firstDay = _options.FirstDay ?? DateOnly.FromDateTime(DateTime.UtcNow);
        string[] families = ["Morin", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen"];
        string[] givens = ["Agathe", "Benoît", "Clémence", "Didier", "Estelle", "Florian", "Gisèle", "Henri"];
        (string City, string Zip, decimal Latitude, decimal Longitude)[] communes = [("Lyon", "69003", 45.7597m, 4.8422m), ("Grenoble", "38000", 45.1885m, 5.7245m), ("Annecy", "74000", 45.8992m, 6.1294m), ("Chambéry", "73000", 45.5646m, 5.9178m)];
        var ids = new List<string>();
        var structureIds = new List<string>();
        var structureFiness = new List<string>();
        for (var p = 0; p < _options.PractitionerCount + _options.StructureSchedules; p++)
        {
            var structure = p >= _options.PractitionerCount;
            var index = structure ? p - _options.PractitionerCount : p;
            var nationalId = "83" + (_options.Seed % 1000).ToString("D3", CultureInfo.InvariantCulture) + p.ToString("D7", CultureInfo.InvariantCulture);
            var (city, zip, latitude, longitude) = communes[random.Next(communes.Length)];
            var locationId = structure ? $"{_options.Name}-loc-structure-{index}" : _options.SharedLocation ? $"{_options.Name}-loc-shared" : $"{_options.Name}-loc-{p}";
            var scheduleId = structure ? $"{_options.Name}-sch-structure-{index}" : $"{_options.Name}-sch-{p}";
            var family = families[random.Next(families.Length)];
            var given = givens[random.Next(givens.Length)];
            var text = !structure && index < _options.PractitionerNames.Count ? _options.PractitionerNames[index] : $"Dr {given} {family.ToUpperInvariant()}";
            if (!_resources.ContainsKey("Location/" + locationId))
            {
                // A structure's site: a FINESS of its own (69 + seed + index), unless it is one left without.
                var finess = structure
                    ? "169" + (_options.Seed % 1000).ToString("D3", CultureInfo.InvariantCulture) + index.ToString("D4", CultureInfo.InvariantCulture)
                    : "1" + (690_000_000 + p).ToString(CultureInfo.InvariantCulture);
                var withoutIdentifier = structure && index >= _options.StructureSchedules - _options.StructuresWithoutIdentifier;
                if (structure && !withoutIdentifier)
                {
                    structureFiness.Add(finess);
                }

                List<Identifier> identifiers = withoutIdentifier ? [] : [new Identifier(StructureNationalId, finess)];
                identifiers.Add(new Identifier($"https://ssl.example/{_options.Name}/location-id", locationId));
                Add(new Location
                {
                    Id = locationId,
                    Identifier = identifiers,
                    Name = structure ? $"Centre de santé {family}" : $"Centre médical {family}",
                    Telecom =
                    [
                        new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "04" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture)),
                        new ContactPoint(ContactPoint.ContactPointSystem.Url, null, $"https://ssl.example/{_options.Name}/sites/{locationId}"),
                    ],
                    Address = new Address { Line = [$"{1 + random.Next(90)} avenue Berthelot"], City = city, District = "Rhône", PostalCode = zip, State = "ARA" },
                    Position = new Location.PositionComponent { Latitude = latitude + (p / 1000m), Longitude = longitude },
                });
            }

            var schedule = new Schedule
            {
                Id = scheduleId,
                Actor = [new ResourceReference("Location/" + locationId)],
                ServiceType = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/service-type", "124", "General Practice")],
            };
            if (structure)
            {
                structureIds.Add(scheduleId);
            }
            else if (_options.PractitionerActor == SmartPractitionerActor.PractitionerResource)
            {
                ids.Add(nationalId);
                var practitionerId = $"{_options.Name}-pra-{p}";

                // A name given as text stays text only; a generated one is structured too.
                var name = index < _options.PractitionerNames.Count
                    ? new HumanName { Text = text }
                    : new HumanName { Use = HumanName.NameUse.Official, Text = text, Prefix = ["Dr"], Given = [given], Family = family.ToUpperInvariant() };
                Add(new Practitioner
                {
                    Id = practitionerId,
                    Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", nationalId)],
                    Name = [name],
                });
                schedule.Actor.Add(new ResourceReference("Practitioner/" + practitionerId));
            }
            else
            {
                ids.Add(nationalId);
                schedule.Actor.Add(new ResourceReference { Identifier = new Identifier("urn:oid:1.2.250.1.71.4.2.1", nationalId), Display = text });
            }

            Add(schedule);
            var slotPrefix = structure ? $"{_options.Name}-slot-structure-{index}" : $"{_options.Name}-slot-{p}";
            for (var day = 0; day < _options.Days; day++)
            {
                for (var minutes = 9 * 60; minutes < 17 * 60; minutes += 30)
                {
                    if (random.Next(3) != 0)
                    {
                        continue;
                    }

                    var start = new DateTimeOffset(firstDay.AddDays(day).ToDateTime(new TimeOnly(minutes / 60, minutes % 60)), TimeSpan.Zero);
                    var slotId = $"{slotPrefix}-{start:yyyyMMddHHmm}";
                    var slot = new Slot
                    {
                        Id = slotId,
                        Schedule = new ResourceReference("Schedule/" + scheduleId),
                        Status = random.Next(6) == 0 ? Slot.SlotStatus.Busy : Slot.SlotStatus.Free,
                        StartElement = new Instant(start),
                        EndElement = new Instant(start.AddMinutes(30)),
                    };
                    slot.Extension.Add(new Extension(BookingDeepLink, new FhirUri($"https://ssl.example/{_options.Name}/book?slot={slotId}")));
                    slot.Extension.Add(new Extension(BookingPhone, new FhirString("0472000000")));
                    if (random.Next(4) == 0)
                    {
                        slot.Extension.Add(new Extension(SlotCapacity, new Integer(2)));
                    }

                    Add(slot);
                }
            }
        }

        StructureScheduleIds = structureIds;
        StructureIds = structureFiness;
        PractitionerIds = ids;
    }

    private void Add(Resource resource)
    {
        resource.Meta = new Meta { LastUpdated = _clock };
        _resources.Add(resource.TypeName + "/" + resource.Id, resource);
    }

    // The files' base: the manifest's, or the same server named by another host (as a storage bucket would be).
    private string FileBaseUrl => _options.FileHost is { } host ? new UriBuilder(BaseUrl) { Host = host }.Uri.AbsoluteUri.TrimEnd('/') : BaseUrl;

    private async Task HandleManifestAsync(HttpContext context)
    {
        _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        DateTimeOffset transactionTime;
        lock (_lock)
        {
            transactionTime = _clock;
        }

        var since = _options.SupportsSince ? context.Request.Query["_since"].ToString() : string.Empty;
        var query = since.Length > 0 ? "?_since=" + Uri.EscapeDataString(since) : string.Empty;
        await context.Response.WriteAsJsonAsync(new
        {
            transactionTime = transactionTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            request = $"{BaseUrl}/$bulk-publish{context.Request.QueryString}",
            output = Types.Select(type => new { type, url = $"{FileBaseUrl}/data/{type}.ndjson{query}" }),
            error = Array.Empty<object>(),
        });
    }

    private async Task HandleFileAsync(HttpContext context, string file)
    {
        _requests.Enqueue(context.Request.Path + context.Request.QueryString);
        var type = Types.FirstOrDefault(t => file == t + ".ndjson");
        if (type is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        DateTimeOffset? since = DateTimeOffset.TryParse(context.Request.Query["_since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        List<string> lines;
        lock (_lock)
        {
            lines = [.. _resources.Values
                .Where(r => r.TypeName == type && (since is null || r.Meta!.LastUpdated > since))
                .Select(r => JsonSerializer.Serialize(r, Fhir))];
        }

        if (type == "Slot" && MalformedSlotFile)
        {
            lines.Insert(lines.Count / 2, "{\"resourceType\":\"Slot\",\"id\":");
        }

        context.Response.ContentType = "application/fhir+ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n", context.RequestAborted);
        }
    }
}
