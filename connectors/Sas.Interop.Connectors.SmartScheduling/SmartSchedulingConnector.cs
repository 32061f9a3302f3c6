using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// One <c>smart-scheduling</c> instance: reads the manifest, streams its NDJSON files line by line and maps what
/// concerns its roster to the hub's PS shape.
/// </summary>
/// <remarks>
/// <para>Practitioner: an SSL Schedule's actor is a Location; the SAS searches by practitioner national id. A
/// Schedule is served when an actor names its practitioner: a logical reference
/// <c>{identifier: {system: urn:oid:1.2.250.1.71.4.2.1, value: 8…}, display: "Dr Given FAMILY"}</c>, or
/// <c>Practitioner/id</c> found in the manifest's Practitioner files. A Schedule naming only a Location is a
/// structure's agenda: not served yet, reported (with its slots) in the feed-quality report. Schedules of
/// practitioners outside the roster are skipped (configuration, not loss).</para>
/// <para>Structures (<c>Flow: structure</c>): the other way round. A Schedule naming only a Location is a structure
/// agenda when that Location carries a FINESS or SIRET of the roster (<c>Organizations</c>); it is sent in the IG's
/// structure shape (Organization ← Location ← Schedule ← Slot) in batches scoped by structure, as the sas-fhir
/// structure flow's. Practitioners' Schedules are another instance's (skipped); a Location without a FINESS or
/// SIRET is reported. See <see cref="SmartSchedulingMapper"/>.</para>
/// <para>Places: see <see cref="SmartSchedulingMapper"/> (one place per SMART Location and practitioner).</para>
/// <para>Files: on the manifest's host or a host of <c>AllowedFileHosts</c>; any other is a failure naming it.</para>
/// <para>Snapshots and changes: the first run, every <c>FullSnapshotEvery</c>-th run and the run after a failure
/// read everything and yield snapshot batches (which delete what is gone); the others ask
/// <c>_since={previous transactionTime}</c> and yield <see cref="ConnectorBatch.Changes"/> batches (a slot now busy
/// is stored busy; nothing is deleted). The cursor and the Locations/Schedules/Practitioners it needs to resolve
/// changed slots live in memory: after a restart the first run is a full snapshot.</para>
/// <para>Capacity: a free slot with <c>slot-capacity</c> N ≥ 1 is ONE free slot for the SAS (it books one
/// patient at a time); capacity 0 is stored busy. The capacity itself is not stored nor served.</para>
/// </remarks>
internal sealed class SmartSchedulingConnector : IAgendaConnector
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    private readonly string _instanceId;
    private readonly SmartSchedulingSettings _settings;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private HashSet<string> _roster;
    private Dictionary<string, Location> _locations = new(StringComparer.Ordinal);
    private Dictionary<string, Schedule> _schedules = new(StringComparer.Ordinal);
    private Dictionary<string, Practitioner> _practitioners = new(StringComparer.Ordinal);
    private string? _cursor;
    private int _runsSinceSnapshot;

    public SmartSchedulingConnector(ConnectorCreationContext context, SmartSchedulingSettings settings)
    {
        _instanceId = context.InstanceId;
        _settings = settings;
        _httpClient = context.HttpClient;
        _timeProvider = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<SmartSchedulingConnector>();
        _roster = new HashSet<string>(settings.Roster, StringComparer.Ordinal);
    }

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The hub's roster may have changed since the last run: a practitioner (or structure) added has no cached
        // Schedules (they were skipped as outside the roster), so a changed roster starts again from a full snapshot.
        var roster = context.Roster ?? _settings.Roster;
        if (!_roster.SetEquals(roster))
        {
            _roster = new HashSet<string>(roster, StringComparer.Ordinal);
            _cursor = null;
        }

        var full = _cursor is null || _runsSinceSnapshot + 1 >= _settings.FullSnapshotEvery;
        var started = _timeProvider.GetTimestamp();
        var chunks = roster.Chunk(SmartSchedulingSettings.BatchSize).ToList();
        SmartSchedulingMapper? mapped = null;
        ConnectorFailure? failure = null;
        try
        {
            mapped = await FetchAndMapAsync(full, context.WindowStart, context.WindowEnd, cancellationToken);
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

        // What the mapper skipped belongs to no roster key's batch: the first batch carries it, once.
        var unreported = mapped?.Issues ?? [];
        foreach (var keys in chunks)
        {
            var scope = new SyncScope(_settings.ScopeKind, keys, context.WindowStart, context.WindowEnd);
            if (failure is not null || mapped is null)
            {
                yield return ConnectorBatch.Failed(scope, failure!, _timeProvider.GetUtcNow(), duration);
                continue;
            }

            List<Resource> resources = [.. keys.SelectMany(key => mapped.ByRosterKey.GetValueOrDefault(key) ?? [])];
            var batch = full
                ? ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), duration)
                : ConnectorBatch.Changes(scope, resources, _timeProvider.GetUtcNow(), duration);
            yield return batch.WithIssues(unreported);
            unreported = [];
        }
    }

    /// <summary>The resources to send per roster key and the issues; updates the cursor and the caches only when everything was read.</summary>
    private async Task<SmartSchedulingMapper> FetchAndMapAsync(bool full, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
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
        var practitioners = full ? new Dictionary<string, Practitioner>(StringComparer.Ordinal) : new Dictionary<string, Practitioner>(_practitioners, StringComparer.Ordinal);
        var changedSchedules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var output in manifest.Output.Where(o => o.Type == "Location"))
        {
            await ReadNdjsonAsync<Location>(output, location => locations[location.Id!] = location, cancellationToken);
        }

        // Not in the SMART spec's minimum, but a publisher may list its Practitioners for Schedules to reference.
        foreach (var output in manifest.Output.Where(o => o.Type == "Practitioner"))
        {
            await ReadNdjsonAsync<Practitioner>(output, practitioner => practitioners[practitioner.Id!] = practitioner, cancellationToken);
        }

        foreach (var output in manifest.Output.Where(o => o.Type == "Schedule"))
        {
            await ReadNdjsonAsync<Schedule>(output, schedule =>
            {
                schedules[schedule.Id!] = schedule;
                changedSchedules.Add(schedule.Id!);
            }, cancellationToken);
        }

        var mapper = new SmartSchedulingMapper(_settings.BaseUrl, locations, schedules, practitioners, _roster) { Structures = _settings.Structures };
        foreach (var scheduleId in changedSchedules)
        {
            mapper.AddSchedule(scheduleId);
        }

        foreach (var output in manifest.Output.Where(o => o.Type == "Slot"))
        {
            // Line by line: only the roster's slots inside the window are kept.
            await ReadNdjsonAsync<Slot>(output, slot => mapper.AddSlot(slot, from, to), cancellationToken);
        }

        _locations = locations;
        _schedules = schedules;
        _practitioners = practitioners;
        _cursor = manifest.TransactionTime;
        _runsSinceSnapshot = full ? 0 : _runsSinceSnapshot + 1;
        _logger.LogInformation("{Instance}: {Mode} fetch at {TransactionTime}: {Slots} slots kept, {Issues} resources reported", _instanceId, full ? "full" : "incremental", manifest.TransactionTime, mapper.SlotCount, mapper.Issues.Count);
        return mapper;
    }

    private async System.Threading.Tasks.Task ReadNdjsonAsync<T>(BulkPublishOutput output, Action<T> onResource, CancellationToken cancellationToken)
        where T : Resource
    {
        if (!Uri.TryCreate(_settings.BaseUrl, output.Url, out var url))
        {
            throw new SmartSchedulingFetchException(ConnectorFailureKind.Malformed, $"The manifest's {output.Type} url '{output.Url}' is not a URL.");
        }

        // The spec allows files anywhere (e.g. a storage bucket), but the client may carry the instance's
        // credentials: only the manifest's host and the hosts the operator listed are fetched.
        if (!_settings.AllowsFileAt(url))
        {
            throw new SmartSchedulingFetchException(
                ConnectorFailureKind.NotAllowed,
                $"The manifest's {output.Type} file {url} is on host '{url.Host}', which is not allowed: add it to Connectors:{_instanceId}:AllowedFileHosts (the manifest's host '{_settings.BaseUrl.Host}' is always allowed; only http and https are fetched).");
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
}
