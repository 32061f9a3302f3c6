using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// One <c>smart-scheduling</c> instance: reads the manifest, streams its NDJSON files line by line and maps what
/// concerns its roster to the hub's PS shape.
/// </summary>
/// <remarks>
/// <para>Practitioner: an SSL Schedule's actor is a Location; the SAS searches by practitioner national id, so the
/// Schedule must also name its practitioner as a second actor, a logical reference
/// <c>{identifier: {system: urn:oid:1.2.250.1.71.4.2.1, value: 8…}, display: "Dr Given FAMILY"}</c>. Schedules
/// without it, or of practitioners outside the roster, are skipped.</para>
/// <para>Snapshots and changes: the first run, every <c>FullSnapshotEvery</c>-th run and the run after a failure
/// read everything and yield snapshot batches (which delete what is gone); the others ask
/// <c>_since={previous transactionTime}</c> and yield <see cref="ConnectorBatch.Changes"/> batches (a slot now busy
/// is stored busy; nothing is deleted). The cursor and the Locations/Schedules it needs to resolve changed slots
/// live in memory: after a restart the first run is a full snapshot.</para>
/// <para>Capacity: a free slot with <c>slot-capacity</c> N ≥ 1 is ONE free slot for the SAS (it books one
/// patient at a time); capacity 0 is stored busy. The extension is kept on the Slot.</para>
/// </remarks>
internal sealed class SmartSchedulingConnector : IAgendaConnector
{
    private const string BookingDeepLink = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link";
    private const string BookingPhone = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-phone";
    private const string SlotCapacity = "http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity";
    private const string IdPrefix = "ssl-";

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private readonly string _instanceId;
    private readonly SmartSchedulingSettings _settings;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HashSet<string> _roster;
    private Dictionary<string, Location> _locations = new(StringComparer.Ordinal);
    private Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);
    private string? _cursor;
    private int _runsSinceSnapshot;

    public SmartSchedulingConnector(ConnectorCreationContext context, SmartSchedulingSettings settings)
    {
        _instanceId = context.InstanceId;
        _settings = settings;
        _httpClient = context.HttpClient;
        _timeProvider = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<SmartSchedulingConnector>();
        _roster = new HashSet<string>(settings.Practitioners, StringComparer.Ordinal);
    }

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var full = _cursor is null || _runsSinceSnapshot + 1 >= _settings.FullSnapshotEvery;
        var started = _timeProvider.GetTimestamp();
        var chunks = _settings.Practitioners.Chunk(SmartSchedulingSettings.BatchSize).ToList();
        Dictionary<string, List<Resource>>? byPractitioner = null;
        ConnectorFailure? failure = null;
        try
        {
            byPractitioner = await FetchAndMapAsync(full, context.WindowStart, context.WindowEnd, cancellationToken);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            throw new OperationCanceledException($"{_instanceId}: fetch cancelled.", exception, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            failure = Classify(exception);

            // What was missed is unknown: the next run starts again from a full snapshot.
            _cursor = null;
            _logger.LogWarning("{Instance}: {Mode} fetch failed ({Kind}): {Message}", _instanceId, full ? "full" : "incremental", failure.Kind, failure.Message);
        }

        var duration = _timeProvider.GetElapsedTime(started);
        foreach (var keys in chunks)
        {
            var scope = new SyncScope(SyncScopeKind.Practitioner, keys, context.WindowStart, context.WindowEnd);
            if (failure is not null || byPractitioner is null)
            {
                yield return ConnectorBatch.Failed(scope, failure!, _timeProvider.GetUtcNow(), duration);
                continue;
            }

            List<Resource> resources = [.. keys.SelectMany(key => byPractitioner.GetValueOrDefault(key) ?? [])];
            yield return full
                ? ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), duration)
                : ConnectorBatch.Changes(scope, resources, _timeProvider.GetUtcNow(), duration);
        }
    }

    /// <summary>The resources to send per practitioner; updates the cursor and the caches only when everything was read.</summary>
    private async Task<Dictionary<string, List<Resource>>> FetchAndMapAsync(bool full, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var manifestUrl = new Uri(_settings.BaseUrl.AbsoluteUri.TrimEnd('/') + "/$bulk-publish" + (full ? string.Empty : "?_since=" + Uri.EscapeDataString(_cursor!)));
        using var manifestResponse = await _httpClient.GetAsync(manifestUrl, cancellationToken);
        EnsureSuccess(manifestResponse, "manifest");
        var manifest = await manifestResponse.Content.ReadFromJsonAsync<BulkPublishManifest>(ManifestJson, cancellationToken)
            ?? throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, "The manifest is empty.");
        if (string.IsNullOrWhiteSpace(manifest.TransactionTime) || manifest.Output is null)
        {
            throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, "The manifest lacks transactionTime or output.");
        }

        var locations = full ? new Dictionary<string, Location>(StringComparer.Ordinal) : new Dictionary<string, Location>(_locations, StringComparer.Ordinal);
        var schedules = full ? new Dictionary<string, Schedule>(StringComparer.Ordinal) : new Dictionary<string, Schedule>(_schedules, StringComparer.Ordinal);
        var changedSchedules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in manifest.Output.Where(o => o.Type == "Location"))
        {
            await ReadNdjsonAsync<Location>(output, location => locations[location.Id!] = location, cancellationToken);
        }

        foreach (var output in manifest.Output.Where(o => o.Type == "Schedule"))
        {
            await ReadNdjsonAsync<Schedule>(output, schedule =>
            {
                schedules[schedule.Id!] = schedule;
                changedSchedules.Add(schedule.Id!);
            }, cancellationToken);
        }

        var mapper = new PsMapper(locations, schedules);
        foreach (var scheduleId in changedSchedules)
        {
            mapper.AddSchedule(scheduleId, _roster);
        }

        foreach (var output in manifest.Output.Where(o => o.Type == "Slot"))
        {
            // Line by line: only the roster's slots inside the window are kept.
            await ReadNdjsonAsync<Slot>(output, slot => mapper.AddSlot(slot, _roster, from, to), cancellationToken);
        }

        _locations = locations;
        _schedules = schedules;
        _cursor = manifest.TransactionTime;
        _runsSinceSnapshot = full ? 0 : _runsSinceSnapshot + 1;
        _logger.LogInformation("{Instance}: {Mode} fetch at {TransactionTime}: {Slots} slots kept", _instanceId, full ? "full" : "incremental", manifest.TransactionTime, mapper.SlotCount);
        return mapper.ByPractitioner;
    }

    private async System.Threading.Tasks.Task ReadNdjsonAsync<T>(BulkPublishOutput output, Action<T> onResource, CancellationToken cancellationToken)
        where T : Resource
    {
        if (!Uri.TryCreate(_settings.BaseUrl, output.Url, out var url))
        {
            throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"The manifest's {output.Type} url '{output.Url}' is not a URL.");
        }

        // The client may carry the instance's credentials: never follow a file URL to another server.
        if (Uri.Compare(url, _settings.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"The manifest's {output.Type} file '{url}' is not on the publisher's server.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        EnsureSuccess(response, $"{output.Type} file");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Resource? resource;
            try
            {
                Deserializer.TryDeserializeResource(line, out resource, out _);
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or DeserializationFailedException or FormatException)
            {
                throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"Line {lineNumber} of the {output.Type} file is not FHIR JSON: {exception.Message}");
            }

            if (resource is not T typed || string.IsNullOrWhiteSpace(typed.Id))
            {
                throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"Line {lineNumber} of the {output.Type} file is not a {typeof(T).Name} with an id.");
            }

            onResource(typed);
        }
    }

    private static void EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var kind = (int)response.StatusCode == 429 ? ConnectorFailureKind.RateLimited : ConnectorFailureKind.HttpStatus;
            throw new SmartSchedulingFetchException(kind, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} on the {what}.");
        }
    }

    private static ConnectorFailure Classify(Exception exception)
    {
        if (exception is SmartSchedulingFetchException fetch)
        {
            return new ConnectorFailure(fetch.Kind, fetch.Message);
        }

        if (ResilienceFailures.Classify(exception) is { } pipeline)
        {
            return pipeline;
        }

        return exception switch
        {
            OperationCanceledException => new ConnectorFailure(ConnectorFailureKind.Timeout, "Timed out waiting for the publisher."),
            HttpRequestException or IOException => new ConnectorFailure(ConnectorFailureKind.Network, $"Network error: {exception.Message}"),
            JsonException => new ConnectorFailure(ConnectorFailureKind.Malformed, $"The manifest is not JSON: {exception.Message}"),
            _ => new ConnectorFailure(ConnectorFailureKind.Other, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    /// <summary>Builds Practitioner + PractitionerRole + Schedule + Slot per practitioner, each at most once.</summary>
    private sealed class PsMapper(Dictionary<string, Location> locations, Dictionary<string, Schedule> schedules)
    {
        private readonly HashSet<string> _emitted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PractitionerRole> _roles = new(StringComparer.Ordinal);

        public Dictionary<string, List<Resource>> ByPractitioner { get; } = new(StringComparer.Ordinal);

        public int SlotCount { get; private set; }

        /// <summary>Emits the schedule's practitioner, role and schedule; false when it is not the roster's or not resolvable.</summary>
        public bool AddSchedule(string scheduleId, HashSet<string> roster)
        {
            if (_emitted.Contains("Schedule/" + scheduleId))
            {
                return true;
            }

            if (!schedules.TryGetValue(scheduleId, out var schedule) || PractitionerOf(schedule) is not { } practitioner || !roster.Contains(practitioner.NationalId))
            {
                return false;
            }

            var locationId = schedule.Actor.Select(a => a.Reference).FirstOrDefault(r => r?.StartsWith("Location/", StringComparison.Ordinal) == true)?["Location/".Length..];
            if (locationId is null || !locations.TryGetValue(locationId, out var location))
            {
                return false;
            }

            var resources = ByPractitioner.TryGetValue(practitioner.NationalId, out var list) ? list : ByPractitioner[practitioner.NationalId] = [];
            var practitionerId = IdPrefix + "p-" + practitioner.NationalId;
            if (_emitted.Add("Practitioner/" + practitionerId))
            {
                resources.Add(PsAgendaResources.Practitioner(practitionerId, practitioner.NationalId, practitioner.Family, practitioner.Given));
            }

            var roleId = IdPrefix + "r-" + scheduleId;
            var place = new PracticePlace(
                location.Name,
                [.. (location.Address?.Line ?? []).OfType<string>()],
                location.Address?.City,
                location.Address?.PostalCode,
                [.. location.Telecom.Where(t => t.System == ContactPoint.ContactPointSystem.Phone).Select(t => t.Value).OfType<string>()]);
            var role = PsAgendaResources.Role(roleId, practitionerId, place);
            _roles[scheduleId] = role;
            resources.Add(role);
            resources.Add(PsAgendaResources.Schedule(IdPrefix + "s-" + scheduleId, practitionerId, roleId));
            _emitted.Add("Schedule/" + scheduleId);
            return true;
        }

        public void AddSlot(Slot slot, HashSet<string> roster, DateTimeOffset from, DateTimeOffset to)
        {
            var scheduleId = slot.Schedule?.Reference is { } reference && reference.StartsWith("Schedule/", StringComparison.Ordinal) ? reference["Schedule/".Length..] : null;
            if (scheduleId is null)
            {
                throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"Slot {slot.Id} has no Schedule reference.");
            }

            if (!schedules.ContainsKey(scheduleId))
            {
                throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"Slot {slot.Id} points to Schedule/{scheduleId}, which the publisher never listed.");
            }

            var start = slot.Start;
            var end = slot.End;
            if (start is null || end is null || start < from || start > to || !AddSchedule(scheduleId, roster))
            {
                return;
            }

            var capacity = (slot.GetExtension(SlotCapacity)?.Value as Integer)?.Value;
            var free = slot.Status == Slot.SlotStatus.Free && capacity is null or > 0;
            var bookingUrl = slot.GetExtension(BookingDeepLink)?.Value switch
            {
                FhirUri uri => uri.Value,
                FhirUrl url => url.Value,
                FhirString text => text.Value,
                _ => null,
            };
            var mapped = PsAgendaResources.Slot(IdPrefix + slot.Id, IdPrefix + "s-" + scheduleId, start.Value, end.Value, free, Core.Canonical.ConsultationModes.None, [], bookingUrl);
            if (capacity is { } value)
            {
                mapped.Extension.Add(new Extension(SlotCapacity, new Integer(value)));
            }

            // The booking phone is how the SAS regulator books: the role's telecom (once per number).
            if ((slot.GetExtension(BookingPhone)?.Value as FhirString)?.Value is { Length: > 0 } phone
                && _roles.TryGetValue(scheduleId, out var role) && !role.Telecom.Any(t => t.Value == phone))
            {
                role.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone));
            }

            var practitioner = PractitionerOf(schedules[scheduleId])!.Value;
            ByPractitioner[practitioner.NationalId].Add(mapped);
            SlotCount++;
        }

        private static (string NationalId, string? Family, string? Given)? PractitionerOf(Schedule schedule)
        {
            foreach (var actor in schedule.Actor)
            {
                if (actor.Identifier is { System: KnownIdentifierSystems.PractitionerNationalId, Value: { } value }
                    && NationalIdentifiers.TryNormalizePractitioner(value, out var nationalId, out _))
                {
                    // "Dr Given FAMILY": the last word is the family name.
                    var words = (actor.Display ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Equals("Dr", StringComparison.OrdinalIgnoreCase)).ToList();
                    return (nationalId, words.Count > 0 ? words[^1] : null, words.Count > 1 ? string.Join(' ', words[..^1]) : null);
                }
            }

            return null;
        }
    }
}
