using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Time.Testing;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Testing;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// Runs one sequence of <see cref="Step"/>s against the real hub (one hub per sequence, restarted only when a step
/// says so) and the <see cref="TruthModel"/>, and compares the PS-individuel answer with the model after every step.
/// </summary>
internal sealed partial class SequenceRunner : IAsyncDisposable
{
    public const string AlphaKey = "model-alpha-key-8a3f";
    public const int PractitionerCount = 5;
    public const int MaxSlots = 30;

    public static readonly string[] ConditionalSystems = ["https://editeur-a.example/fhir/slot-id", "https://editeur-a.example/fhir/cabinet-2/slot-id"];

    private static readonly (string Modes, string Types, int Minutes)[] Shapes =
    [
        ("AMB", "PUBLIC", 15),
        ("AMB+VR", "PRO+PUBLIC", 20),
        ("VR", "PRO", 30),
        ("HH", "SNP", 15),
        ("AMB", "PUBLIC+SNP", 30),
    ];

    /// <summary>The guard of a guarded sequence: a batch holding ≥ 2 slots that answers fewer than half is held back once.</summary>
    public static readonly (int MinPrevious, double Ratio, int AcceptAfter) Guard = (2, 0.5, 2);

    private static readonly HashSet<string> ConditionalSystemSet = new(ConditionalSystems, StringComparer.Ordinal);

    private readonly AgendaResources _resources;
    private readonly FakeTimeProvider _clock;
    private readonly DateTimeOffset _origin;
    private readonly TruthModel _model;
    private AgendaPublisher _publisher = null!;
    private HubProcess _hub = null!;
    private Dictionary<ServedSlot, string> _hubIds = [];
    private int _slotNumber;

    private SequenceRunner(AgendaResources resources, DateTimeOffset origin, TruthModel model)
    {
        _resources = resources;
        _origin = origin;
        _clock = new FakeTimeProvider(origin);
        _model = model;
    }

    /// <summary>What each step did, resolved against the state it ran in (printed with a failure).</summary>
    public List<string> Log { get; } = [];

    public TruthModel Model => _model;

    /// <summary>How long each step took (step and comparison), for the budget figures.</summary>
    public static System.Collections.Concurrent.ConcurrentBag<(StepKind Kind, TimeSpan Took)> StepTimes { get; } = [];

    public HubProcess Hub => _hub;

    public AgendaPublisher Publisher => _publisher;

    public FakeTimeProvider Clock => _clock;

    public IReadOnlyDictionary<ServedSlot, string> HubIds => _hubIds;

    /// <summary>A fresh database, hub and publisher; the publisher's agenda starts with 2–4 slots per practitioner (from <paramref name="seed"/>); <paramref name="guarded"/>: the suspicious-drop guard within reach (<see cref="Guard"/>).</summary>
    public static async Task<SequenceRunner> StartAsync(AgendaResources resources, int seed, int practitioners = PractitionerCount, int rosterSize = PractitionerCount - 1, bool guarded = false)
    {
        var now = DateTimeOffset.UtcNow;
        var origin = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var random = new Random(seed);
        var agenda = resources.NationalIds.Take(practitioners).Select((id, i) => new AgendaPractitioner(id, resources.Families[i], i % resources.Places.Count)).ToList();
        var model = new TruthModel(agenda, agenda.Take(rosterSize).Select(p => p.NationalId), guarded ? Guard : null);
        var runner = new SequenceRunner(resources, origin, model);
        foreach (var practitioner in agenda)
        {
            for (var n = random.Next(2, 5); n > 0; n--)
            {
                runner.AddSlot(practitioner, random.Next(0, 58), random.Next(Shapes.Length));
            }
        }

        runner.AddStructures(random);

        runner._publisher = await AgendaPublisher.StartAsync();
        try
        {
            runner._hub = await HubProcess.StartAsync(runner.Settings(), runner._clock);
            await runner.PushSetupAsync();
            await runner.CompareAsync();
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }

        return runner;
    }

    /// <summary>Runs one step, then compares; throws <see cref="ModelMismatchException"/> on any disagreement.</summary>
    public async Task RunAsync(Step step)
    {
        // Every step happens a minute after the previous one: facts and bookings never share an instant.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var what = await ApplyAsync(step);
        Log.Add($"{Log.Count + 1,2}. t+{(_clock.GetUtcNow() - _origin).TotalMinutes:0}min {step}: {what}");
        await CompareAsync();
        StepTimes.Add((step.Kind, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
    }

    /// <summary>The hub's configuration as the model's configuration says (read by the hub only at start-up).</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Sync:StaleAfter"] = TruthModel.StaleAfter.ToString("c", CultureInfo.InvariantCulture),
            ["Sync:WithholdAfter"] = TruthModel.WithholdAfter.ToString("c", CultureInfo.InvariantCulture),

        };
        if (_model.Guard is { } guard)
        {
            settings["Sync:SuspiciousDrop:MinPrevious"] = guard.MinPrevious.ToString(CultureInfo.InvariantCulture);
            settings["Sync:SuspiciousDrop:Ratio"] = guard.Ratio.ToString(CultureInfo.InvariantCulture);
            settings["Sync:SuspiciousDrop:AcceptAfter"] = guard.AcceptAfter.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            // Out of reach: an empty answer is then a real one (the defaults would hold back a batch of ≥ 10 slots).
            settings["Sync:SuspiciousDrop:MinPrevious"] = "1000000";
        }

        if (_model.InstanceConfigured)
        {
            var prefix = "Connectors:" + TruthModel.Instance + ":";
            settings[prefix + "Type"] = "sas-fhir";
            settings[prefix + "BaseUrl"] = _publisher.BaseUrl;
            settings[prefix + "Schedule"] = "manual";
            settings[prefix + "BatchSize"] = TruthModel.BatchSize.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "WindowHours"] = TruthModel.WindowHours.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "Enabled"] = _model.InstanceEnabled ? "true" : "false";

            // One request per batch, no retries (the n-th search is the n-th batch), no circuit opening under the fake clock.
            settings[prefix + "Resilience:MaxRetryAttempts"] = "0";
            settings[prefix + "Resilience:CircuitBreakerMinimumThroughput"] = "1000000";

            // Polly's timeouts run on the hub's (fake) clock: a test that moves it while a fetch is held must not time it out.
            settings[prefix + "Resilience:AttemptTimeout"] = "01:00:00";
            settings[prefix + "Resilience:TotalTimeout"] = "01:00:00";
            settings[prefix + "Resilience:CircuitBreakerSamplingDuration"] = "02:00:00";
            for (var i = 0; i < _model.Roster.Count; i++)
            {
                settings[prefix + "Practitioners:" + i.ToString(CultureInfo.InvariantCulture)] = _model.Roster[i];
            }
        }

        StructureSettings(settings);
        if (_model.PublisherConfigured)
        {
            settings["Publishers:alpha:ApiKeys:0"] = AlphaKey;
            if (_model.InstanceConfigured)
            {
                settings["Publishers:alpha:Connectors:0"] = TruthModel.Instance;
            }
        }

        return settings;
    }

    public async Task RestartAsync()
    {
        await _hub.RestartAsync(Settings());

        // The guard's count of suspicious runs lives in memory; the configuration seeds the structure roster again.
        _model.SuspiciousRuns.Clear();
        _model.SeedStructureRoster();
        if (_model.PublisherConfigured && _model.PushedPractitioners.Count == 0)
        {
            await PushSetupAsync();
        }
    }

    /// <summary>Asks the hub to sync now (the publisher first serves the model's agenda); returns the run summary.</summary>
    public async Task<string> SyncAsync()
    {
        ServeAgendas();
        using var response = await _hub.Admin.PostAsync($"admin/connectors/{TruthModel.Instance}/sync", null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ModelMismatchException($"POST /admin/connectors/{TruthModel.Instance}/sync answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    /// <summary>
    /// The search the SAS makes, compared with the model; then the same search for médecine générale
    /// (<c>specialty=SM54</c>), which every slot the model publishes has: the specialty filter (and its way around the
    /// served-agenda cache) must drop nothing, whatever the steps did.
    /// </summary>
    public async Task CompareAsync()
    {
        var now = _clock.GetUtcNow();
        var expected = _model.Expected(now, _resources.PlaceKey);
        var query = ServedAnswer.PsQuery(now, now.AddHours(TruthModel.WindowHours), _model.AllPractitioners);
        var (served, total, hubIds) = await ServedAnswer.ReadAsync(_hub.Reader, query, ConditionalSystemSet);
        _hubIds = hubIds;
        Compare(now, expected, served, total, "PS search");
        var (specialty, specialtyTotal, _) = await ServedAnswer.ReadAsync(_hub.Reader, query + "&specialty=SM54", ConditionalSystemSet);
        Compare(now, expected, specialty, specialtyTotal, "PS search with specialty=SM54");
        await CompareStructuresAsync(now);
    }

    private void Compare<T>(DateTimeOffset now, IReadOnlyCollection<T> expected, IReadOnlyList<T> served, int? total, string what, int? expectedTotal = null)
        where T : notnull
    {
        var missing = Without(expected, served);
        var extra = Without(served, expected);
        if (missing.Count == 0 && extra.Count == 0 && total == (expectedTotal ?? served.Count))
        {
            return;
        }

        var diff = new StringBuilder();
        diff.AppendLine(CultureInfo.InvariantCulture, $"{what} at t+{(now - _origin).TotalMinutes:0}min: expected {expected.Count} slots{(expectedTotal is { } t ? $" (total {t})" : string.Empty)}, served {served.Count} (total {total}).");
        foreach (var slot in missing.Concat(extra).OrderBy(s => s.ToString(), StringComparer.Ordinal).ThenBy(s => extra.Contains(s)))
        {
            diff.AppendLine(CultureInfo.InvariantCulture, $"  {(extra.Contains(slot) ? "+ served  " : "- expected")} {slot}");
        }

        throw new ModelMismatchException(diff.ToString());
    }

    /// <summary>Multiset difference: the rows of <paramref name="left"/> not matched one for one in <paramref name="right"/>.</summary>
    private static List<T> Without<T>(IEnumerable<T> left, IEnumerable<T> right)
        where T : notnull
    {
        var counts = right.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var rest = new List<T>();
        foreach (var slot in left)
        {
            if (counts.TryGetValue(slot, out var count) && count > 0)
            {
                counts[slot] = count - 1;
            }
            else
            {
                rest.Add(slot);
            }
        }

        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }
    }

    private async Task<string> ApplyAsync(Step step)
    {
        var practitioner = _model.Agenda[_model.AllPractitioners[step.A % _model.AllPractitioners.Count]];
        switch (step.Kind)
        {
            case StepKind.AddSlot:
                if (_model.SlotCount >= MaxSlots)
                {
                    return "skipped (30 slots)";
                }

                var added = AddSlot(practitioner, step.B, step.C);
                return $"publisher lists {added.Id} for {practitioner.NationalId} at {Time(added.Start)} ({added.Modes}, {added.Types})";
            case StepKind.MoveSlot:
            case StepKind.DeleteSlot:
            case StepKind.MarkBusy:
            case StepKind.MarkFree:
                return EditSlot(step, practitioner);
            case StepKind.Rename:
                practitioner.Family = _resources.Families[step.B % _resources.Families.Count] + (step.C % 2 == 0 ? string.Empty : "-MARTIN");
                return $"publisher renames {practitioner.NationalId} to {practitioner.Family}";
            case StepKind.MovePlace:
                practitioner.Place = step.B % _resources.Places.Count;
                return $"publisher moves {practitioner.NationalId} to {_resources.PlaceKey(practitioner.Place)}";
            case StepKind.DeclareUnavailability:
                practitioner.Unavailability = AgendaUnavailability.From(step.B, step.C, step.D, _clock.GetUtcNow());
                return $"publisher declares {practitioner.NationalId} {AgendaUnavailability.Describe(practitioner.Unavailability)}";
            case StepKind.PushUnavailability:
                return await PushUnavailabilityAsync(step);
            case StepKind.Sync:
                if (!_model.InstanceEnabled)
                {
                    return "skipped (instance off)";
                }

                var summary = await SyncAsync();
                _model.Sync(_clock.GetUtcNow(), new HashSet<int>());
                return "sync " + Brief(summary);
            case StepKind.SyncWithFault:
                return await SyncWithFaultAsync(step);
            case StepKind.SyncWithBadPosition:
            case StepKind.SyncWithEmptyAnswer:
                return await SyncWithAnswerFaultAsync(step);
            case StepKind.RosterRemove:
                if (_model.Roster.Count <= 1 || !_model.InstanceConfigured)
                {
                    return "skipped (roster of one, or no instance)";
                }

                var removed = _model.Roster[step.A % _model.Roster.Count];
                _model.RemoveFromRoster(removed);
                await RestartAsync();
                return $"roster without {removed}, restart";
            case StepKind.RosterAdd:
                var absent = _model.AllPractitioners.Where(id => !_model.Roster.Contains(id)).ToList();
                if (absent.Count == 0 || !_model.InstanceConfigured)
                {
                    return "skipped (all in roster, or no instance)";
                }

                var back = absent[step.A % absent.Count];
                _model.Roster.Add(back);
                await RestartAsync();
                return $"roster with {back}, restart";
            case StepKind.DisableInstance:
                if (!_model.InstanceEnabled)
                {
                    return "skipped (already off)";
                }

                _model.InstanceEnabled = false;
                _model.InstanceConfigured = step.B % 2 == 0;
                _model.DropInstanceFacts();
                await RestartAsync();
                return _model.InstanceConfigured ? "instance Enabled=false, restart" : "instance removed from the configuration, restart";
            case StepKind.EnableInstance:
                if (_model.InstanceEnabled)
                {
                    return "skipped (already on)";
                }

                _model.InstanceEnabled = true;
                _model.InstanceConfigured = true;
                await RestartAsync();
                return "instance back in the configuration, enabled, restart";
            case StepKind.RemovePublisher:
                if (!_model.PublisherConfigured)
                {
                    return "skipped (no publisher)";
                }

                _model.PublisherConfigured = false;
                _model.DropPushedFacts();
                await RestartAsync();
                return "Publishers:alpha removed, restart";
            case StepKind.AddPublisher:
                if (_model.PublisherConfigured)
                {
                    return "skipped (publisher there)";
                }

                _model.PublisherConfigured = true;
                await RestartAsync();
                return "Publishers:alpha back, restart, alpha pushes its practitioners again";
            case StepKind.PushPut:
                return await PushPutAsync(step);
            case StepKind.PushConditionalPut:
                return await PushConditionalPutAsync(step);
            case StepKind.PushDelete:
                return await PushDeleteAsync(step);
            case StepKind.PushConditionalDelete:
                return await PushConditionalDeleteAsync(step);
            case StepKind.PushTransaction:
                return await PushTransactionAsync(step);
            case StepKind.Book:
                return await BookAsync(step);
            case StepKind.AdvancePastStale:
                _clock.Advance(TimeSpan.FromMinutes(31));
                return "clock +31 min";
            case StepKind.AdvancePastWithhold:
                _clock.Advance(new TimeSpan(3, 1, 0));
                return "clock +3 h 1 min";
            case StepKind.Restart:
                await RestartAsync();
                return "restart";
            case >= StepKind.StructureAddSlot:
                return await ApplyStructureAsync(step);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, null);
        }
    }

    private AgendaSlot AddSlot(AgendaPractitioner practitioner, int hour, int shape)
    {
        var (modes, types, minutes) = Shapes[shape % Shapes.Length];
        var start = SlotStart(hour);
        var slot = new AgendaSlot("s" + (++_slotNumber).ToString(CultureInfo.InvariantCulture), start, start.AddMinutes(minutes), true, modes, types);
        practitioner.Slots[slot.Id] = slot;
        return slot;
    }

    // Whole hours after the origin, plus 7.5 minutes: never on a window bound (whole minutes) or a search bound.
    private DateTimeOffset SlotStart(int hour) => _origin.AddHours(2 + (hour % 58)).AddMinutes(7.5);

    private string EditSlot(Step step, AgendaPractitioner practitioner) => EditSlot(step, practitioner.Slots, practitioner.NationalId);

    /// <summary>Moves, deletes, marks busy or free the (B mod count)-th slot of an agenda (a practitioner's or a structure's).</summary>
    private string EditSlot(Step step, SortedDictionary<string, AgendaSlot> slots, string owner)
    {
        if (slots.Count == 0)
        {
            return $"skipped ({owner} has no slot)";
        }

        var slot = slots.Values.ElementAt(step.B % slots.Count);
        switch (step.Kind)
        {
            case StepKind.MoveSlot or StepKind.StructureMoveSlot:
                var start = SlotStart(step.C);
                slots[slot.Id] = slot with { Start = start, End = start + (slot.End - slot.Start) };
                return $"publisher moves {slot.Id} of {owner} to {Time(start)}";
            case StepKind.DeleteSlot or StepKind.StructureDeleteSlot:
                slots.Remove(slot.Id);
                return $"publisher deletes {slot.Id} of {owner}";
            case StepKind.MarkBusy or StepKind.StructureMarkBusy:
                slots[slot.Id] = slot with { Free = false };
                return $"publisher marks {slot.Id} of {owner} busy";
            default:
                slots[slot.Id] = slot with { Free = true };
                return $"publisher marks {slot.Id} of {owner} free";
        }
    }

    private async Task<string> SyncWithFaultAsync(Step step)
    {
        if (!_model.InstanceEnabled)
        {
            return "skipped (instance off)";
        }

        var batches = _model.Batches.ToList();
        var batch = step.A % batches.Count;
        if (step.B % 4 == 3)
        {
            return await SyncWithTimeoutAsync(batches, batch);
        }

        var (fault, name) = (step.B % 4) switch
        {
            0 => (SimulatedFault.Status(500), "HTTP 500"),
            1 => (SimulatedFault.Of(SimulatedFaultKind.MalformedJson), "malformed JSON"),
            _ => (SimulatedFault.Of(SimulatedFaultKind.TruncatedBody), "cut body"),
        };
        _publisher.PlanFault(batch, fault);
        string summary;
        try
        {
            summary = await SyncAsync();
        }
        finally
        {
            _publisher.ClearFaults();
        }

        _model.Sync(_clock.GetUtcNow(), new HashSet<int> { batch });
        return $"sync, batch {batch + 1}/{batches.Count} ({string.Join(",", batches[batch])}) answers {name}: {Brief(summary)}";
    }

    /// <summary>
    /// One batch answers 200 with a spoiled but readable answer: every place at <c>"latitude":1e30</c> (the hub keeps the
    /// places without the position and stores the batch: the model's places have no coordinates), or an empty
    /// searchset (a real answer: those keys' slots are gone, unless the suspicious-drop guard holds it back).
    /// </summary>
    private async Task<string> SyncWithAnswerFaultAsync(Step step)
    {
        if (!_model.InstanceEnabled)
        {
            return "skipped (instance off)";
        }

        var batches = _model.Batches.ToList();
        var batch = step.A % batches.Count;
        var empty = step.Kind == StepKind.SyncWithEmptyAnswer;
        _publisher.PlanFault(batch, SimulatedFault.Of(empty ? SimulatedFaultKind.EmptySearchset : SimulatedFaultKind.HostilePosition));
        string summary;
        try
        {
            summary = await SyncAsync();
        }
        finally
        {
            _publisher.ClearFaults();
        }

        _model.Sync(_clock.GetUtcNow(), new HashSet<int>(), empty ? new HashSet<int> { batch } : null);
        var what = empty ? "an empty searchset" : "places at latitude 1e30";
        return $"sync, batch {batch + 1}/{batches.Count} ({string.Join(",", batches[batch])}) answers {what}: {Brief(summary)}";
    }

    /// <summary>
    /// The batch's search is held while the (fake) clock moves past the instance's timeouts: that batch times out, the
    /// ones after it are fetched an hour later than the ones before.
    /// </summary>
    private async Task<string> SyncWithTimeoutAsync(List<string[]> batches, int batch)
    {
        var started = _clock.GetUtcNow();
        var late = TimeSpan.FromMinutes(61);
        var (asked, gate) = _publisher.PlanHold(batch);
        string summary;
        try
        {
            var sync = SyncAsync();
            await asked.WaitAsync(TimeSpan.FromSeconds(60));
            _clock.Advance(late);
            summary = await sync.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            gate.Release();
            _publisher.ClearFaults();
        }

        _model.Sync(started, new HashSet<int> { batch }, i => i < batch ? started : started + late);
        return $"sync, batch {batch + 1}/{batches.Count} ({string.Join(",", batches[batch])}) held past the timeouts (clock +61 min): {Brief(summary)}";
    }

    private async Task PushSetupAsync()
    {
        if (!_model.PublisherConfigured)
        {
            return;
        }

        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        for (var i = 0; i < _model.AllPractitioners.Count; i++)
        {
            var id = _model.AllPractitioners[i];
            var family = _resources.Families[(i + 3) % _resources.Families.Count];
            var place = (i + 2) % _resources.Places.Count;
            foreach (var resource in _resources.PractitionerResources(id, family, place))
            {
                transaction.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = "urn:uuid:" + Guid.NewGuid(),
                    Resource = resource,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = resource.TypeName + "/" + resource.Id },
                });
            }

            _model.PushedPractitioners[id] = (family, place);
        }

        using var response = await SendAsync(HttpMethod.Post, "fhir", FhirJson.Serialize(transaction), null);
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelMismatchException($"alpha's set-up transaction answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>R7: alpha pushes one of its practitioners' PractitionerRole and Schedule again, declaring (or lifting) an unavailability.</summary>
    private async Task<string> PushUnavailabilityAsync(Step step)
    {
        if (!_model.PublisherConfigured || _model.PushedPractitioners.Count == 0)
        {
            return "skipped (no publisher alpha)";
        }

        var id = _model.AllPractitioners[step.A % _model.AllPractitioners.Count];
        var (family, place) = _model.PushedPractitioners[id];
        var unavailability = AgendaUnavailability.From(step.B, step.C, step.D, _clock.GetUtcNow());
        var resources = _resources.PractitionerResources(id, family, place, unavailability).ToList();
        foreach (var resource in resources.Where(r => r is PractitionerRole or Schedule))
        {
            using var response = await SendAsync(HttpMethod.Put, $"fhir/{resource.TypeName}/{resource.Id}", FhirJson.Serialize(resource), null);
            await ExpectAsync(response, succeeds: true, $"PUT {resource.TypeName}/{resource.Id}");
        }

        if (unavailability is null)
        {
            _model.PushedUnavailabilities.Remove(id);
        }
        else
        {
            _model.PushedUnavailabilities[id] = unavailability;
        }

        return $"alpha pushes {id} {AgendaUnavailability.Describe(unavailability)}";
    }

    private async Task<string> PushPutAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var id = "p" + (step.A % 6).ToString(CultureInfo.InvariantCulture);
        var nationalId = _model.AllPractitioners[step.B % _model.AllPractitioners.Count];
        var (modes, types, minutes) = Shapes[step.D % Shapes.Length];
        var start = SlotStart(step.C);
        var slot = new AgendaSlot(id, start, start.AddMinutes(minutes), (step.D / Shapes.Length) % 4 != 0, modes, types);
        var current = _model.Pushed.GetValueOrDefault(id);
        var (ifMatch, ifMatchText) = IfMatch(step.E, current);
        var succeeds = ifMatch is null || (current is not null && ifMatch == current.Version);
        using var response = await SendAsync(HttpMethod.Put, "fhir/Slot/" + id, FhirJson.Serialize(AgendaResources.Slot(slot, nationalId, null)), ifMatch);
        await ExpectAsync(response, succeeds, $"PUT Slot/{id}{ifMatchText}");
        if (succeeds)
        {
            Write(id, slot, nationalId, current);
        }

        return $"alpha PUT Slot/{id}{ifMatchText} for {nationalId} at {Time(start)} {(slot.Free ? "free" : "busy")} ({modes}, {types}) → {(int)response.StatusCode}";
    }

    private async Task<string> PushConditionalPutAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var system = ConditionalSystems[step.B % ConditionalSystems.Length];
        var value = "c" + (step.A % 3).ToString(CultureInfo.InvariantCulture);
        var identity = system + "|" + value;
        var nationalId = _model.AllPractitioners[step.C % _model.AllPractitioners.Count];
        var (modes, types, minutes) = Shapes[step.E % Shapes.Length];
        var start = SlotStart(step.D);
        var slot = new AgendaSlot(identity, start, start.AddMinutes(minutes), true, modes, types);
        var body = AgendaResources.Slot(slot, nationalId, null, new Identifier(system, value));
        using var response = await SendAsync(HttpMethod.Put, "fhir/Slot?identifier=" + Uri.EscapeDataString(identity), FhirJson.Serialize(body), null);
        await ExpectAsync(response, true, "PUT Slot?identifier=" + identity);
        Write(identity, slot, nationalId, _model.Pushed.GetValueOrDefault(identity));
        return $"alpha PUT Slot?identifier={identity} for {nationalId} at {Time(start)} ({modes}, {types}) → {(int)response.StatusCode}";
    }

    /// <summary>A transaction of two slot writes: <c>PUT Slot/{id}</c> of one slot, and a DELETE or a PUT of another.</summary>
    private async Task<string> PushTransactionAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var id = "p" + (step.A % 6).ToString(CultureInfo.InvariantCulture);
        var other = "p" + ((step.A + 1 + (step.B % 5)) % 6).ToString(CultureInfo.InvariantCulture);
        var nationalId = _model.AllPractitioners[step.C % _model.AllPractitioners.Count];
        var (modes, types, minutes) = Shapes[step.E % Shapes.Length];
        var start = SlotStart(step.D);
        var slot = new AgendaSlot(id, start, start.AddMinutes(minutes), true, modes, types);
        var deleteOther = step.B % 2 == 0;
        var otherSlot = slot with { Id = other, Start = start.AddHours(1), End = start.AddHours(1).AddMinutes(minutes) };
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        transaction.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = AgendaResources.Slot(slot, nationalId, null),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Slot/" + id },
        });
        transaction.Entry.Add(deleteOther
            ? new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.DELETE, Url = "Slot/" + other } }
            : new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = AgendaResources.Slot(otherSlot, nationalId, null),
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Slot/" + other },
            });
        using var response = await SendAsync(HttpMethod.Post, "fhir", FhirJson.Serialize(transaction), null);
        await ExpectAsync(response, true, "POST transaction");
        Write(id, slot, nationalId, _model.Pushed.GetValueOrDefault(id));
        if (deleteOther)
        {
            _model.Pushed.Remove(other);
        }
        else
        {
            Write(other, otherSlot, nationalId, _model.Pushed.GetValueOrDefault(other));
        }

        return $"alpha transaction: PUT Slot/{id} for {nationalId} at {Time(start)}, {(deleteOther ? "DELETE Slot/" + other : $"PUT Slot/{other} at {Time(otherSlot.Start)}")} → {(int)response.StatusCode}";
    }

    private async Task<string> PushDeleteAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var id = "p" + (step.A % 6).ToString(CultureInfo.InvariantCulture);
        var current = _model.Pushed.GetValueOrDefault(id);
        var (ifMatch, ifMatchText) = IfMatch(step.B, current);
        using var response = await SendAsync(HttpMethod.Delete, "fhir/Slot/" + id, null, ifMatch);
        if (ifMatch is not null)
        {
            var succeeds = current is not null && ifMatch == current.Version;
            await ExpectAsync(response, succeeds, $"DELETE Slot/{id}{ifMatchText}");
        }
        else if (current is not null)
        {
            await ExpectAsync(response, true, $"DELETE Slot/{id}");
        }

        if (current is not null && (ifMatch is null || ifMatch == current.Version))
        {
            _model.Pushed.Remove(id);
        }

        return $"alpha DELETE Slot/{id}{ifMatchText} ({(current is null ? "not pushed" : "pushed v" + current.Version.ToString(CultureInfo.InvariantCulture))}) → {(int)response.StatusCode}";
    }

    private async Task<string> PushConditionalDeleteAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var identity = ConditionalSystems[step.B % ConditionalSystems.Length] + "|c" + (step.A % 3).ToString(CultureInfo.InvariantCulture);
        var existed = _model.Pushed.Remove(identity);
        using var response = await SendAsync(HttpMethod.Delete, "fhir/Slot?identifier=" + Uri.EscapeDataString(identity), null, null);
        if (existed)
        {
            await ExpectAsync(response, true, "DELETE Slot?identifier=" + identity);
        }

        return $"alpha DELETE Slot?identifier={identity} ({(existed ? "pushed" : "not pushed")}) → {(int)response.StatusCode}";
    }

    private async Task<string> BookAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var free = _model.Expected(_clock.GetUtcNow(), _resources.PlaceKey);
        if (free.Count == 0)
        {
            return "skipped (nothing free)";
        }

        var target = free[step.A % free.Count];
        var hubId = _hubIds[target];
        using var response = await PostAppointmentAsync(target, hubId);
        await ExpectAsync(response, true, "POST Appointment for Slot/" + hubId);
        _model.Bookings[BookingKey(target)] = _clock.GetUtcNow();
        return $"alpha books Slot/{hubId} ({target.Practitioner} at {Time(target.Start)}) → {(int)response.StatusCode}";
    }

    /// <summary>POST /fhir/Appointment by alpha for this served slot (the IG's example, with this PS, slot and times).</summary>
    public Task<HttpResponseMessage> PostAppointmentAsync(ServedSlot target, string hubId)
    {
        var appointment = IgPackage.ReadResource<Appointment>("Appointment-1.json");
        appointment.Text = null;
        appointment.Identifier[0].Value = Guid.NewGuid().ToString();
        appointment.Participant[0].Actor.Identifier.Value = target.Practitioner;
        appointment.Slot = [new ResourceReference("Slot/" + hubId)];
        appointment.Start = target.Start;
        appointment.End = target.End;
        return SendAsync(HttpMethod.Post, "fhir/Appointment", FhirJson.Serialize(appointment), null);
    }

    // A pushed slot is booked under its model identity (a conditional one: system|value, found by all it holds: two
    // systems' slots may share practitioner and times and differ in modes or types only).
    private string BookingKey(ServedSlot target) =>
        target.Source != TruthModel.PushSource ? target.Key
        : target.Identity != ServedAnswer.ConditionalIdentity ? target.Identity
        : _model.Pushed.First(p => p.Key.Contains('|', StringComparison.Ordinal) && p.Value.NationalId == target.Practitioner && p.Value.Slot.Start == target.Start
            && p.Value.Slot.End == target.End && p.Value.Slot.Modes == target.Modes && p.Value.Slot.Types == target.Types).Key;

    private void Write(string identity, AgendaSlot slot, string nationalId, PushedSlot? current)
    {
        var version = current is null ? 1 : current.Slot == slot && current.NationalId == nationalId ? current.Version : current.Version + 1;
        _model.Pushed[identity] = new PushedSlot(slot, nationalId, _clock.GetUtcNow(), version);
    }

    // 0: no If-Match; 1: the version the model holds (or 1 when nothing is pushed); 2: a wrong one.
    private static (int? Version, string Text) IfMatch(int mode, PushedSlot? current) => (mode % 3) switch
    {
        0 => (null, string.Empty),
        1 => (current?.Version ?? 1, $" If-Match W/\"{current?.Version ?? 1}\""),
        _ => ((current?.Version ?? 0) + 5, $" If-Match W/\"{(current?.Version ?? 0) + 5}\""),
    };

    private static async Task ExpectAsync(HttpResponseMessage response, bool succeeds, string what)
    {
        var ok = succeeds ? response.IsSuccessStatusCode : response.StatusCode == HttpStatusCode.PreconditionFailed;
        if (!ok)
        {
            throw new ModelMismatchException($"{what}: the model expects {(succeeds ? "2xx" : "412")}, the hub answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, int? ifMatch)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        }

        request.Headers.Add("X-Api-Key", AlphaKey);
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"W/\"{version}\"");
        }

        return _hub.Reader.SendAsync(request);
    }

    private string Time(DateTimeOffset instant) => $"t+{(instant - _origin).TotalHours:0.##}h";

    // The run summary's status and counts, short.
    private static string Brief(string summary)
    {
        var json = System.Text.Json.JsonDocument.Parse(summary).RootElement;
        string Get(string name) => json.TryGetProperty(name, out var value) ? value.ToString() : "?";
        return $"{Get("status")}, {Get("batchesSucceeded")} ok / {Get("batchesFailed")} failed, {Get("slotsStored")} stored";
    }
}
