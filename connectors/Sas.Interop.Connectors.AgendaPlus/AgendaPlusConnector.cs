using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Refit;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Core.Time;

namespace Sas.Interop.Connectors.AgendaPlus;

/// <summary>
/// One <c>agenda-plus</c> instance. Each batch of practitioners is a full snapshot of their availabilities over the
/// window: a time that is no longer offered (booked elsewhere) disappears with the next run.
/// </summary>
/// <remarks>
/// Mapping: agenda → PractitionerRole + Schedule (its practice place → contained Location: name, address, phone);
/// a start time offered by several motives → ONE Slot (the SAS books a time, not a motive) whose serviceType
/// carries every mode (teleconsultation → VR, home visit → HH, otherwise AMB) and every motive label, lasting the
/// shortest of their durations; the agenda's booking URL → Slot.comment.
/// </remarks>
internal sealed class AgendaPlusConnector : IAgendaConnector
{
    private const int DefaultDurationMinutes = 15;
    private const string IdPrefix = "ap-";

    private readonly string _instanceId;
    private readonly AgendaPlusSettings _settings;
    private readonly IAgendaPlusApi _api;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public AgendaPlusConnector(ConnectorCreationContext context, AgendaPlusSettings settings)
    {
        _instanceId = context.InstanceId;
        _settings = settings;
        var httpClient = context.HttpClient;
        httpClient.BaseAddress ??= settings.BaseUrl;

        // The instance's own client: its base address, resilience and credentials stay its own (never AddRefitClient).
        _api = RestService.For<IAgendaPlusApi>(httpClient, new RefitSettings
        {
            ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
        });
        _timeProvider = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<AgendaPlusConnector>();
    }

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var ids in (context.Roster ?? _settings.Practitioners).Chunk(_settings.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scope = new SyncScope(SyncScopeKind.Practitioner, ids, context.WindowStart, context.WindowEnd);
            var started = _timeProvider.GetTimestamp();
            ConnectorBatch batch;
            try
            {
                var resources = new List<Resource>();
                foreach (var id in ids)
                {
                    await FetchPractitionerAsync(id, context.WindowStart, context.WindowEnd, resources, cancellationToken);
                }

                batch = ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
                _logger.LogInformation("{Instance}: {Practitioners} practitioners fetched, {Slots} slots", _instanceId, ids.Length, resources.Count(r => r is Slot));
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                throw new OperationCanceledException($"{_instanceId}: fetch cancelled.", exception, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One batch failing must not cost the following ones, and must not look like an empty agenda.
                var failure = AgendaPlusFailureClassifier.Classify(exception);
                batch = ConnectorBatch.Failed(scope, failure, _timeProvider.GetUtcNow(), _timeProvider.GetElapsedTime(started));
                _logger.LogWarning("{Instance}: batch of {Practitioners} practitioners failed ({Kind}): {Message}", _instanceId, ids.Length, failure.Kind, failure.Message);
            }

            yield return batch;
        }
    }

    private async System.Threading.Tasks.Task FetchPractitionerAsync(string nationalId, DateTimeOffset from, DateTimeOffset to, List<Resource> resources, CancellationToken cancellationToken)
    {
        var rpps = nationalId[1..];
        using var response = await _api.GetAgendasAsync(rpps, _settings.ApiKey, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Not (or no longer) on the platform: an empty agenda, so the snapshot clears what we held for them.
            return;
        }

        if (response.Error is { } error)
        {
            throw error;
        }

        var agendas = response.Content ?? throw new AgendaPlusFetchException(ConnectorFailureKind.Malformed, $"Agendas of RPPS {rpps}: empty answer.");
        var practitionerId = IdPrefix + "p-" + rpps;
        var practitionerAdded = false;
        foreach (var agenda in agendas)
        {
            var (agendaId, place) = Validate(agenda, rpps);
            if (!practitionerAdded)
            {
                resources.Add(PsAgendaResources.Practitioner(practitionerId, nationalId, agenda.Practitioner?.LastName, agenda.Practitioner?.FirstName));
                practitionerAdded = true;
            }

            var roleId = IdPrefix + "r-" + SafeId(agendaId);
            var scheduleId = IdPrefix + "s-" + SafeId(agendaId);
            var role = PsAgendaResources.Role(roleId, practitionerId, place);
            resources.Add(role);
            resources.Add(PsAgendaResources.Schedule(scheduleId, practitionerId, roleId));

            var offers = new SortedDictionary<DateTimeOffset, Offer>();
            var motives = await _api.GetMotivesAsync(agendaId, _settings.ApiKey, cancellationToken);
            foreach (var motive in motives)
            {
                await CollectAsync(agendaId, motive, from, to, offers, cancellationToken);
            }

            // A motive's duration is what the practitioner gives its consultation type; declared when every motive
            // of that type agrees (else the hub takes the median of the slots).
            foreach (var byMode in motives.Where(m => m.DurationMinutes is > 0).GroupBy(ModeOf))
            {
                if (byMode.Select(m => m.DurationMinutes!.Value).Distinct().ToList() is [var minutes] && minutes <= 1440)
                {
                    role.Extension.Add(PsAgendaResources.ServiceTypeDuration(byMode.Key, minutes));
                }
            }

            foreach (var (start, offer) in offers)
            {
                var slotId = $"{IdPrefix}{SafeId(agendaId)}-{start.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
                resources.Add(PsAgendaResources.Slot(slotId, scheduleId, start, start.AddMinutes(offer.DurationMinutes), free: true, offer.Modes, offer.Motives, agenda.BookingUrl));
            }
        }
    }

    /// <summary>Every start time of <paramref name="motive"/> inside the window, asked a week at a time (the API's limit).</summary>
    private async System.Threading.Tasks.Task CollectAsync(string agendaId, MotiveDto motive, DateTimeOffset from, DateTimeOffset to, SortedDictionary<DateTimeOffset, Offer> offers, CancellationToken cancellationToken)
    {
        var mode = ModeOf(motive);
        var duration = motive.DurationMinutes is > 0 ? motive.DurationMinutes.Value : DefaultDurationMinutes;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, ParisTime.Zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, ParisTime.Zone).DateTime);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(7))
        {
            var days = Math.Min(7, lastDay.DayNumber - day.DayNumber + 1);
            var answer = await _api.GetAvailabilitiesAsync(agendaId, motive.Id, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days, _settings.ApiKey, cancellationToken);
            var perDay = answer?.Availabilities ?? throw new AgendaPlusFetchException(ConnectorFailureKind.Malformed, $"Availabilities of agenda {agendaId}: no 'availabilities' list.");
            foreach (var start in perDay.SelectMany(d => d.Slots ?? []))
            {
                // The SAS window is in instants; the platform answers whole days.
                if (start < from || start > to)
                {
                    continue;
                }

                if (!offers.TryGetValue(start, out var offer))
                {
                    offer = new Offer();
                    offers.Add(start, offer);
                }

                offer.Add(mode, motive.Label, duration);
            }
        }
    }

    private static ConsultationModes ModeOf(MotiveDto motive) =>
        motive.Teleconsultation ? ConsultationModes.Virtual : motive.HomeVisit ? ConsultationModes.HomeVisit : ConsultationModes.Ambulatory;

    private static (string AgendaId, PracticePlace Place) Validate(AgendaDto agenda, string rpps)
    {
        if (string.IsNullOrWhiteSpace(agenda.Id))
        {
            throw new AgendaPlusFetchException(ConnectorFailureKind.Malformed, $"An agenda of RPPS {rpps} has no id.");
        }

        // Without the practice place the SAS cannot show where the consultation is: fail, do not guess.
        if (agenda.Practice?.Address is not { Street: { Length: > 0 } street, ZipCode: { Length: > 0 } zip, City: { Length: > 0 } city })
        {
            throw new AgendaPlusFetchException(ConnectorFailureKind.Malformed, $"Agenda {agenda.Id} (RPPS {rpps}) has no practice place with street, zip code and city.");
        }

        return (agenda.Id, new PracticePlace(agenda.Practice.Name, [street], city, zip, agenda.Practice.Phone is { } phone ? [phone] : []));
    }

    private static string SafeId(string value)
    {
        var safe = new string([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
        return safe.Length <= 40 ? safe : safe[..40];
    }

    /// <summary>What one start time offers, merged over the motives that offer it.</summary>
    private sealed class Offer
    {
        private readonly List<string> _motives = [];

        public ConsultationModes Modes { get; private set; }

        public IReadOnlyList<string> Motives => _motives;

        public int DurationMinutes { get; private set; } = int.MaxValue;

        public void Add(ConsultationModes mode, string? motive, int durationMinutes)
        {
            Modes |= mode;
            if (!string.IsNullOrWhiteSpace(motive) && !_motives.Contains(motive, StringComparer.Ordinal))
            {
                _motives.Add(motive);
            }

            DurationMinutes = Math.Min(DurationMinutes, durationMinutes);
        }
    }
}
