using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Template;

/// <summary>
/// One <c>template</c> instance. Each batch of practitioners is a full snapshot of their slots over the window: a slot
/// the publisher no longer lists (booked elsewhere) disappears with the next run. The API is described on
/// <see cref="TemplateConnectorType"/>.
/// </summary>
internal sealed class TemplateConnector : IAgendaConnector
{
    // Practitioners per batch: a batch is stored (or fails) as a whole, so smaller batches lose less to one bad answer.
    private const int BatchSize = 10;

    // Guards against a publisher whose nextPage never ends.
    private const int MaxPages = 100;

    private const string IdPrefix = "tpl-";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _instanceId;
    private readonly TemplateSettings _settings;
    private readonly HttpClient _httpClient;
    private readonly Uri _baseUrl;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public TemplateConnector(ConnectorCreationContext context, TemplateSettings settings)
    {
        _instanceId = context.InstanceId;
        _settings = settings;

        // The instance's own client (the hub's carries retries honouring Retry-After, timeouts, a circuit breaker).
        _httpClient = context.HttpClient;
        _baseUrl = context.HttpClient.BaseAddress ?? settings.BaseUrl;
        _timeProvider = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<TemplateConnector>();
    }

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext fetch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        foreach (var keys in (fetch.Roster ?? _settings.Practitioners).Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scope = new SyncScope(SyncScopeKind.Practitioner, keys, fetch.WindowStart, fetch.WindowEnd);
            var started = _timeProvider.GetTimestamp();
            ConnectorBatch batch;
            try
            {
                var resources = new List<Resource>();
                foreach (var key in keys)
                {
                    await FetchPractitionerAsync(key, fetch.WindowStart, fetch.WindowEnd, resources, cancellationToken);
                }

                batch = ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                // The caller stopped the run: no batch, whatever the cancellation surfaced as.
                throw new OperationCanceledException($"{_instanceId}: fetch cancelled.", exception, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One batch failing must not cost the following ones, and must not look like an empty agenda.
                var failure = TemplateFailureClassifier.Classify(exception);
                batch = ConnectorBatch.Failed(scope, failure, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
                _logger.LogWarning("{Instance}: batch of {Practitioners} practitioners failed ({Kind}): {Message}", _instanceId, keys.Length, failure.Kind, failure.Message);
            }

            yield return batch;
        }
    }

    /// <summary>Every page of one practitioner's slots, mapped into <paramref name="resources"/>.</summary>
    private async System.Threading.Tasks.Task FetchPractitionerAsync(string nationalId, DateTimeOffset from, DateTimeOffset to, List<Resource> resources, CancellationToken cancellationToken)
    {
        // TODO: your API's calls. This one knows practitioners by their bare RPPS/ADELI (the key without its prefix).
        var publisherId = nationalId[1..];
        var practitionerId = IdPrefix + "p-" + nationalId;
        string? scheduleId = null;
        var page = 1;
        while (true)
        {
            var answer = await GetPageAsync(publisherId, from, to, page, cancellationToken);
            if (answer is null)
            {
                // Not (or no longer) on the platform: an empty agenda, so the snapshot clears what we held for them.
                return;
            }

            scheduleId ??= AddAgenda(answer, nationalId, practitionerId, resources);
            foreach (var slot in answer.Slots ?? [])
            {
                if (slot is not { Id.Length: > 0, Start: { } start, End: { } end })
                {
                    throw new TemplateFetchException(ConnectorFailureKind.Malformed, $"A slot of practitioner {publisherId} has no id, start or end.");
                }

                // The SAS window is inclusive; the normaliser rejects a slot outside it.
                if (start >= from && start <= to)
                {
                    var details = new PsSlotDetails { Types = TypesOf(slot.Audience) };
                    resources.Add(PsAgendaResources.Slot(FhirId("s-", slot.Id), scheduleId, start, end, free: true, ModeOf(slot.Mode), [], slot.BookingUrl, details));
                }
            }

            if (answer.NextPage is not { } next)
            {
                return;
            }

            if (next <= page || next > MaxPages)
            {
                throw new TemplateFetchException(ConnectorFailureKind.Malformed, $"Practitioner {publisherId}: page {page} points to page {next}.");
            }

            page = next;
        }
    }

    /// <summary>One page, or null on 404; any other non-success status throws, classified.</summary>
    private async Task<SlotPageDto?> GetPageAsync(string publisherId, DateTimeOffset from, DateTimeOffset to, int page, CancellationToken cancellationToken)
    {
        var path = FormattableString.Invariant($"v1/practitioners/{Uri.EscapeDataString(publisherId)}/slots?from={Iso(from)}&to={Iso(to)}&page={page}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_baseUrl, path));

        // Credentials per call, never in the client's default headers.
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            throw response.StatusCode == HttpStatusCode.TooManyRequests
                ? new TemplateFetchException(ConnectorFailureKind.RateLimited, $"HTTP 429 on {request.RequestUri!.AbsolutePath} (Retry-After: {response.Headers.RetryAfter?.ToString() ?? "none"}).")
                : new TemplateFetchException(ConnectorFailureKind.HttpStatus, $"HTTP {status} {response.ReasonPhrase} on {request.RequestUri!.AbsolutePath}.");
        }

        return await response.Content.ReadFromJsonAsync<SlotPageDto>(Json, cancellationToken)
            ?? throw new TemplateFetchException(ConnectorFailureKind.Malformed, $"Practitioner {publisherId}, page {page}: empty answer.");
    }

    /// <summary>Practitioner, practice place and schedule, from the first page; returns the schedule's id.</summary>
    private static string AddAgenda(SlotPageDto answer, string nationalId, string practitionerId, List<Resource> resources)
    {
        // Without the practice place the SAS cannot show where the consultation is: fail, do not guess.
        if (answer.Place is not { Id.Length: > 0, Address.Length: > 0, PostalCode.Length: > 0, City.Length: > 0 } place)
        {
            throw new TemplateFetchException(ConnectorFailureKind.Malformed, $"Practitioner {nationalId[1..]} has no practice place with id, address, postal code and city.");
        }

        var roleId = FhirId("r-", nationalId + "-" + place.Id);
        var scheduleId = FhirId("sc-", nationalId + "-" + place.Id);
        resources.Add(PsAgendaResources.Practitioner(practitionerId, nationalId, answer.Practitioner?.LastName, answer.Practitioner?.FirstName));
        // The position is where the SAS's proximity search (hub-near) finds the place; without it, the postal code's centroid.
        var practicePlace = new PracticePlace(place.Name, [place.Address], place.City, place.PostalCode, place.Phone is { } phone ? [phone] : [])
        {
            Latitude = place is { Latitude: { } latitude, Longitude: not null } ? latitude : null,
            Longitude = place is { Latitude: not null, Longitude: { } longitude } ? longitude : null,
        };
        resources.Add(PsAgendaResources.Role(roleId, practitionerId, practicePlace));
        resources.Add(PsAgendaResources.Schedule(scheduleId, practitionerId, roleId));
        return scheduleId;
    }

    // TODO: your API's consultation modes.
    // TODO: your API's audience of a slot. TRE_R314 (connectors/README.md, cheat-sheet): SNP slots are kept for SAS
    // regulators, PRO ones for health professionals, PUBLIC ones open to patients; untyped ones are served everywhere.
    private static SlotTypes TypesOf(string? audience) => audience switch
    {
        "public" => SlotTypes.Public,
        "sas" => SlotTypes.Snp,
        "professionals" => SlotTypes.Pro,
        _ => SlotTypes.None,
    };

    private static ConsultationModes ModeOf(string? mode) => mode switch
    {
        "home" => ConsultationModes.HomeVisit,
        "video" => ConsultationModes.Virtual,
        _ => ConsultationModes.Ambulatory,
    };

    // Stable across runs (a slot's id is how the hub finds its previous version) and a valid FHIR id: the publisher's
    // id when it fits the rule, its hash otherwise.
    private static string FhirId(string kind, string nativeId)
    {
        var id = IdPrefix + kind + nativeId;
        return ResourceIds.IsFhirId(id) ? id : IdPrefix + kind + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nativeId)).AsSpan(0, 16));
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
