using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// The structure agendas of a sequence: a second pulled instance (<see cref="TruthModel.StructureInstance"/>,
/// <c>Flow: structure</c>) on the same publisher, its roster changed through the roster endpoints, and the Schedule
/// search by structure compared with <see cref="TruthModel.ExpectedStructures"/> after every step.
/// </summary>
internal sealed partial class SequenceRunner
{
    /// <summary>Structures the publisher knows: three by FINESS (centres de santé, MSP), one by SIRET.</summary>
    public const int FinessStructures = 3;
    public const int SiretStructures = 1;

    /// <summary>The configuration seeds the roster with the first three (two FINESS and the SIRET one); the last is uploaded by a step.</summary>
    public const int ConfiguredStructures = 3;

    public const int MaxStructureSlots = 16;

    /// <summary>How long each Schedule search by structure took (asked and read), for the budget figures: the comparison's added cost per step.</summary>
    public static System.Collections.Concurrent.ConcurrentBag<TimeSpan> StructureSearchTimes { get; } = [];

    // One FINESS more than the publisher's: the structure alpha pushes.
    private static readonly Lazy<List<(string NationalId, string? Category)>> StructureIds = new(() => AgendaResources.StructureIds(FinessStructures + 1, SiretStructures, seed: 18));

    /// <summary>Serves the model's whole agenda: practitioners and structures (one publisher answers both searches).</summary>
    public void ServeAgendas()
    {
        var now = _clock.GetUtcNow();
        _publisher.Serve(_resources.Agenda(_model.Agenda.Values, now).Concat(_resources.StructureAgenda(_model.Structures.Values, now)));
    }

    /// <summary>Asks the hub to sync the structure instance now; returns the run summary.</summary>
    public async Task<string> SyncStructuresAsync()
    {
        ServeAgendas();
        using var response = await _hub.Admin.PostAsync($"admin/connectors/{TruthModel.StructureInstance}/sync", null);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ModelMismatchException($"POST /admin/connectors/{TruthModel.StructureInstance}/sync answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    /// <summary>The Schedule search by structure for every structure the publisher knows, compared with the model.</summary>
    private async Task CompareStructuresAsync(DateTimeOffset now)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var expected = _model.ExpectedStructures(now, _resources.PlaceKey);
        var query = ServedAnswer.StructureQuery(now, now.AddHours(TruthModel.WindowHours), _model.AllStructures.Append(_model.PushedStructure.NationalId));
        var (served, total) = await ServedAnswer.ReadStructuresAsync(_hub.Reader, query);

        // total counts the Schedules that match: one per structure with a slot served.
        StructureSearchTimes.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        Compare(now, expected, served, total, "Schedule search by structure", expected.Select(s => s.Structure).Distinct(StringComparer.Ordinal).Count());
    }

    private void AddStructures(Random random)
    {
        // FINESS, FINESS, SIRET, FINESS: the configuration seeds the first three.
        var ids = StructureIds.Value;
        var ordered = ids.Take(2).Concat(ids.Skip(FinessStructures + 1)).Concat(ids.Skip(2).Take(FinessStructures - 2)).ToList();
        var pushed = ids[FinessStructures];
        _model.PushedStructure = (pushed.NationalId, pushed.Category!, FinessStructures % _resources.Places.Count);
        var structures = ordered.Select((s, i) => new AgendaStructure(s.NationalId, s.Category, (i + 1) % _resources.Places.Count)).ToList();
        _model.AddStructures(structures, ConfiguredStructures);
        foreach (var structure in structures)
        {
            for (var n = random.Next(2, 5); n > 0; n--)
            {
                AddStructureSlot(structure, random.Next(0, 58), random.Next(Shapes.Length));
            }
        }
    }

    private AgendaSlot AddStructureSlot(AgendaStructure structure, int hour, int shape)
    {
        var (modes, types, minutes) = Shapes[shape % Shapes.Length];
        var start = SlotStart(hour);
        var slot = new AgendaSlot("s" + (++_slotNumber).ToString(CultureInfo.InvariantCulture), start, start.AddMinutes(minutes), true, modes, types);
        structure.Slots[slot.Id] = slot;
        return slot;
    }

    private void StructureSettings(Dictionary<string, string> settings)
    {
        var prefix = "Connectors:" + TruthModel.StructureInstance + ":";
        settings[prefix + "Type"] = "sas-fhir";
        settings[prefix + "Flow"] = "structure";
        settings[prefix + "BaseUrl"] = _publisher.BaseUrl;
        settings[prefix + "Schedule"] = "manual";
        settings[prefix + "BatchSize"] = TruthModel.BatchSize.ToString(CultureInfo.InvariantCulture);
        settings[prefix + "WindowHours"] = TruthModel.WindowHours.ToString(CultureInfo.InvariantCulture);
        settings[prefix + "Resilience:MaxRetryAttempts"] = "0";
        settings[prefix + "Resilience:CircuitBreakerMinimumThroughput"] = "1000000";
        settings[prefix + "Resilience:AttemptTimeout"] = "01:00:00";
        settings[prefix + "Resilience:TotalTimeout"] = "01:00:00";
        settings[prefix + "Resilience:CircuitBreakerSamplingDuration"] = "02:00:00";
        for (var i = 0; i < _model.ConfiguredStructures.Count; i++)
        {
            settings[prefix + "Organizations:" + i.ToString(CultureInfo.InvariantCulture)] = _model.ConfiguredStructures[i];
        }
    }

    private async Task<string> ApplyStructureAsync(Step step)
    {
        var structure = _model.Structures[_model.AllStructures[step.A % _model.AllStructures.Count]];
        var name = "structure " + structure.NationalId;
        switch (step.Kind)
        {
            case StepKind.StructureAddSlot:
                if (_model.StructureSlotCount >= MaxStructureSlots)
                {
                    return $"skipped ({MaxStructureSlots} structure slots)";
                }

                var added = AddStructureSlot(structure, step.B, step.C);
                return $"publisher lists {added.Id} for {name} at {Time(added.Start)} ({added.Modes}, {added.Types})";
            case StepKind.StructureMoveSlot:
            case StepKind.StructureDeleteSlot:
            case StepKind.StructureMarkBusy:
            case StepKind.StructureMarkFree:
                return EditSlot(step, structure.Slots, name);
            case StepKind.StructureDeactivate:
                structure.ScheduleInactive = step.B % 2 == 0;
                return $"publisher sends {name}'s Schedule {(structure.ScheduleInactive ? "active=false" : "active again")}";
            case StepKind.StructureSync:
                var summary = await SyncStructuresAsync();
                _model.SyncStructures(_clock.GetUtcNow(), new HashSet<int>());
                return "structure sync " + Brief(summary);
            case StepKind.StructureSyncWithFault:
            case StepKind.StructureSyncWithEmptyAnswer:
                return await SyncStructuresWithFaultAsync(step);
            case StepKind.StructureRosterRemove:
                return await RemoveStructureAsync(step);
            case StepKind.StructureRosterAdd:
                return await AddStructureToRosterAsync(step);
            case StepKind.StructurePush:
                return await PushStructureAsync(step);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Kind, null);
        }
    }

    /// <summary>
    /// R3: alpha's transaction PUTs its structure's Organization, Location and Schedule, and PUTs Slot/sp{A mod 4} (at
    /// hour B, shape C; D mod 4 = 2: busy) or, D mod 4 = 3, DELETEs it.
    /// </summary>
    private async Task<string> PushStructureAsync(Step step)
    {
        if (!_model.PublisherConfigured)
        {
            return "skipped (no publisher)";
        }

        var (key, category, place) = _model.PushedStructure;
        var id = "sp" + (step.A % 4).ToString(CultureInfo.InvariantCulture);
        var (modes, types, minutes) = Shapes[step.C % Shapes.Length];
        var start = SlotStart(step.B);
        var slot = new AgendaSlot(id, start, start.AddMinutes(minutes), step.D % 4 != 2, modes, types);
        var delete = step.D % 4 == 3;
        var transaction = new Hl7.Fhir.Model.Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Transaction };
        var resources = _resources.StructureResources(key, category, place, scheduleInactive: false).Append(delete ? null : AgendaResources.Slot(slot, key, null));
        foreach (var resource in resources)
        {
            transaction.Entry.Add(resource is null
                ? new Hl7.Fhir.Model.Bundle.EntryComponent { Request = new Hl7.Fhir.Model.Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.DELETE, Url = "Slot/" + id } }
                : new Hl7.Fhir.Model.Bundle.EntryComponent
                {
                    FullUrl = "urn:uuid:" + Guid.NewGuid(),
                    Resource = resource,
                    Request = new Hl7.Fhir.Model.Bundle.RequestComponent { Method = Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, Url = resource.TypeName + "/" + resource.Id },
                });
        }

        using var response = await SendAsync(HttpMethod.Post, "fhir", Sas.Interop.Fhir.Serialization.FhirJson.Serialize(transaction), null);
        await ExpectAsync(response, true, "POST transaction (structure)");
        if (delete)
        {
            _model.PushedStructureSlots.Remove(id);
        }
        else
        {
            _model.PushedStructureSlots[id] = (slot, _clock.GetUtcNow());
        }

        return $"alpha pushes structure {key}: {(delete ? "DELETE Slot/" + id : $"PUT Slot/{id} at {Time(start)} {(slot.Free ? "free" : "busy")} ({modes}, {types})")} → {(int)response.StatusCode}";
    }

    /// <summary>One batch of the structure sync fails (HTTP 500, malformed JSON, a cut body) or answers an empty searchset.</summary>
    private async Task<string> SyncStructuresWithFaultAsync(Step step)
    {
        var batches = _model.StructureBatches.ToList();
        if (batches.Count == 0)
        {
            return "skipped (empty structure roster)";
        }

        var batch = step.A % batches.Count;
        var empty = step.Kind == StepKind.StructureSyncWithEmptyAnswer;
        var (fault, what) = empty ? (SimulatedFault.Of(SimulatedFaultKind.EmptySearchset), "an empty searchset") : (step.B % 3) switch
        {
            0 => (SimulatedFault.Status(500), "HTTP 500"),
            1 => (SimulatedFault.Of(SimulatedFaultKind.MalformedJson), "malformed JSON"),
            _ => (SimulatedFault.Of(SimulatedFaultKind.TruncatedBody), "cut body"),
        };
        _publisher.PlanFault(batch, fault);
        string summary;
        try
        {
            summary = await SyncStructuresAsync();
        }
        finally
        {
            _publisher.ClearFaults();
        }

        var at = new HashSet<int> { batch };
        _model.SyncStructures(_clock.GetUtcNow(), empty ? new HashSet<int>() : at, empty ? at : null);
        return $"structure sync, batch {batch + 1}/{batches.Count} ({string.Join(",", batches[batch])}) answers {what}: {Brief(summary)}";
    }

    /// <summary>R2: <c>DELETE /admin/connectors/cds/roster/{key}</c>, no restart: the structure's slots are withdrawn at once.</summary>
    private async Task<string> RemoveStructureAsync(Step step)
    {
        if (_model.StructureRoster.Count <= 1)
        {
            return "skipped (structure roster of one)";
        }

        var removed = _model.StructureRoster.Order(StringComparer.Ordinal).ElementAt(step.A % _model.StructureRoster.Count);
        using var response = await _hub.Admin.DeleteAsync($"admin/connectors/{TruthModel.StructureInstance}/roster/{removed}");
        await ExpectAdminAsync(response, $"DELETE roster/{removed}");
        _model.RemoveStructure(removed);
        return $"DELETE roster/{removed} → {(int)response.StatusCode}{(_model.ConfiguredStructures.Contains(removed) ? " (still configured: back at the next start-up)" : string.Empty)}";
    }

    /// <summary>R2: <c>POST /admin/connectors/cds/roster</c> with a one-line CSV: served from the next successful sync.</summary>
    private async Task<string> AddStructureToRosterAsync(Step step)
    {
        var absent = _model.AllStructures.Where(id => !_model.StructureRoster.Contains(id)).ToList();
        if (absent.Count == 0)
        {
            return "skipped (every structure in the roster)";
        }

        var added = absent[step.A % absent.Count];
        using var content = new StringContent(added + "\n", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await _hub.Admin.PostAsync($"admin/connectors/{TruthModel.StructureInstance}/roster", content);
        await ExpectAdminAsync(response, $"POST roster {added}");
        var accepted = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32();
        if (accepted != 1)
        {
            throw new ModelMismatchException($"POST roster {added}: the model expects the key accepted, the hub accepted {accepted}.");
        }

        _model.StructureRoster.Add(added);
        return $"POST roster {added} → {(int)response.StatusCode}";
    }

    private static async Task ExpectAdminAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ModelMismatchException($"{what}: the model expects 2xx, the hub answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
