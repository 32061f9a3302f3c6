using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// What the SAS users' workshop asked of agendas (issue #18), from the publisher's FHIR to the SAS answer and the
/// admin view over real HTTP: publisher simulator → sas-fhir connector (and a pushing publisher) → store → /fhir, /admin.
/// Surbooking (<c>Slot.overbooked</c>, <c>hub-overbooked</c>); standard durations per consultation type (fr-core
/// <c>service-type-duration</c>, else the median slot length) in <c>$availability</c> and the export.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class SlotAttributesEndToEndTests
{
    private const string Rpps = "urn:oid:1.2.250.1.71.4.2.1";
    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private DateTimeOffset _from;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // Few enough practitioners for one search (at most 25 ids) to cover every one.
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "attrs", PractitionerCount = 5, Seed = 18, Days = 3 }, CancellationToken.None);
        _hub = await RunningHub.StartAsync(RunningHub.Connector("sim", _publisher.BaseUrl, _publisher.PractitionerIds));
        _from = DateTimeOffset.UtcNow;
        var response = await _hub.Http.PostAsync("admin/connectors/sim/sync", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _hub.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Test]
    public async Task Overbooked_slots_are_served_as_the_publisher_marks_them_and_filtered_by_hub_overbooked()
    {
        var ids = Ids(_publisher.PractitionerIds);
        var all = await GetBundleAsync($"fhir/Slot?{Window(96)}&{ids}&_count=1000");
        var overbooked = await GetBundleAsync($"fhir/Slot?{Window(96)}&{ids}&hub-overbooked=true&_count=1000&_include=Slot:schedule");
        var others = await GetBundleAsync($"fhir/Slot?{Window(96)}&{ids}&hub-overbooked=false&_count=1000");

        var published = PublishedFreeSlots().Where(s => s.Overbooked == true).Select(s => s.Start).Order().ToList();
        var allSlots = Pulled(all);
        Assert.Multiple(() =>
        {
            Assert.That(published, Is.Not.Empty, "the simulator marks some slots overbooked");
            Assert.That(allSlots.Count(s => s.Overbooked == true), Is.EqualTo(published.Count), "Slot.overbooked served as published");
            Assert.That(allSlots.Where(s => s.Overbooked is not null), Is.All.Matches<Slot>(s => s.Overbooked == true), "false is omitted, never sent");
            Assert.That(Pulled(overbooked).Select(s => s.Start).Order(), Is.EqualTo(published));
            Assert.That(Slots(overbooked), Is.All.Matches<Slot>(s => s.Overbooked == true));
            Assert.That(overbooked.Entry.Select(e => e.Resource).OfType<Schedule>(), Is.Not.Empty, "includes still served");
            Assert.That(Slots(others), Is.All.Matches<Slot>(s => s.Overbooked is null));
            Assert.That(others.Total + overbooked.Total, Is.EqualTo(all.Total));
        });
    }

    [Test]
    public async Task A_pushed_overbooked_slot_is_served_overbooked()
    {
        // The first practitioner's agenda, pushed as is by a publisher to a hub of its own (the KPIs here count pulled slots).
        var practitionerId = _publisher.PractitionerIds[0];
        var resources = _publisher.Resources.Select(r => (Resource)r.DeepCopy()).ToList();
        var practitioner = resources.OfType<Practitioner>().Single(p => p.Identifier[0].Value == practitionerId);
        var roles = resources.OfType<PractitionerRole>().Where(r => r.Practitioner.Reference == "Practitioner/" + practitioner.Id).ToList();
        var schedules = resources.OfType<Schedule>().Where(s => s.Actor.Any(a => a.Reference == "Practitioner/" + practitioner.Id)).ToList();
        var slots = resources.OfType<Slot>().Where(s => schedules.Any(sc => s.Schedule.Reference == "Schedule/" + sc.Id) && s.Status == Slot.SlotStatus.Free).ToList();
        var marked = slots.First(s => s.Overbooked is null);
        marked.Overbooked = true;
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in new Resource[] { practitioner }.Concat(roles).Concat(schedules).Concat(slots))
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"https://attrs.example/fhir/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        await using var hub = await RunningHub.StartAsync(PushClient.Settings());
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);

        var answer = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?start=ge{Iso(marked.Start!.Value)}&start=le{Iso(marked.Start!.Value)}&{Ids([practitionerId])}&hub-overbooked=true"), HttpStatusCode.OK);

        Assert.That(Slots(answer).Select(s => s.Overbooked), Is.EqualTo(new bool?[] { true }));
    }

    [Test]
    public async Task Availability_counts_follow_hub_overbooked()
    {
        var ids = _publisher.PractitionerIds.Take(4).ToList();
        var from = Iso(_from);
        var both = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={from}");
        var overbooked = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={from}&hub-overbooked=true");
        var others = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(ids)}&from={from}&hub-overbooked=false");

        foreach (var id in ids)
        {
            var dayEnd = ((Instant)DayAvailability(both, id).Part.Single(p => p.Name == "end").Value).Value!.Value;
            var search = await GetBundleAsync($"fhir/Slot?start=ge{from}&start=lt{Iso(dayEnd)}&{Ids([id])}&hub-overbooked=true");
            Assert.That(DayCount(overbooked, id), Is.EqualTo(search.Total), id);
            Assert.That(DayCount(overbooked, id) + DayCount(others, id), Is.EqualTo(DayCount(both, id)), id);
        }

        static Parameters.ParameterComponent DayAvailability(Parameters parameters, string id) =>
            parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == id)
                .Part.Single(p => p.Name == "availability" && ((Code)p.Part[0].Value).Value == "day");
        static int? DayCount(Parameters parameters, string id) => ((Integer)DayAvailability(parameters, id).Part.Single(p => p.Name == "count").Value).Value;
    }

    [TestCase("hub-overbooked=yes")]
    [TestCase("hub-overbooked=")]
    [TestCase("hub-overbooked=true&hub-overbooked=false")]
    public async Task Bad_hub_overbooked_values_get_a_400_OperationOutcome(string parameter)
    {
        var search = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot?{Window(72)}&{Ids(_publisher.PractitionerIds.Take(1))}&{parameter}"), HttpStatusCode.BadRequest);
        var availability = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot/$availability?{Ids(_publisher.PractitionerIds.Take(1))}&{parameter}"), HttpStatusCode.BadRequest);

        Assert.That(search.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain("hub-overbooked"));
        Assert.That(availability.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain("hub-overbooked"));
    }

    [Test]
    public async Task The_KPIs_count_free_overbooking_slots()
    {
        var kpis = await _hub.Http.GetFromJsonAsync<JsonElement>("admin/kpis?granularity=day");
        var totals = kpis.GetProperty("totals");
        var periods = kpis.GetProperty("periods").EnumerateArray().ToList();

        // Every free slot the hub holds: one search covers every practitioner. The sync's window starts at the minute
        // it began (ConnectorSyncService), which can be before _from's seconds, so the search starts an hour earlier.
        var window = $"start=ge{Iso(_from.AddHours(-1))}&start=le{Iso(_from.AddHours(96))}";
        var held = await GetBundleAsync($"fhir/Slot?{window}&{Ids(_publisher.PractitionerIds)}&hub-overbooked=true&_count=1000");
        Assert.Multiple(() =>
        {
            Assert.That(totals.GetProperty("overbookedFreeSlots").GetInt32(), Is.EqualTo(held.Total));
            Assert.That(totals.GetProperty("overbookedFreeSlots").GetInt32(), Is.Positive);
            Assert.That(periods.Sum(p => p.GetProperty("overbookedFreeSlots").GetInt32()), Is.EqualTo(totals.GetProperty("overbookedFreeSlots").GetInt32()));
        });
    }

    [Test]
    public async Task Availability_gives_each_practitioner_s_standard_duration_per_mode_declared_or_median()
    {
        var from = Iso(_from);
        var parameters = await GetAsync<Parameters>($"fhir/Slot/$availability?{Ids(_publisher.PractitionerIds)}&from={from}");

        var sources = new List<string>();
        foreach (var id in _publisher.PractitionerIds)
        {
            var served = parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == id)
                .Part.Where(p => p.Name == "duration")
                .Select(d => (Code: ((Code)d.Part.Single(p => p.Name == "code").Value).Value, Value: (Duration)d.Part.Single(p => p.Name == "value").Value, Source: ((Code)d.Part.Single(p => p.Name == "source").Value).Value))
                .ToList();
            Assert.That(served.Select(d => (d.Code, (int)d.Value.Value!.Value, d.Source)), Is.EqualTo(ExpectedDurations(id)), id);
            Assert.That(served.Select(d => (d.Value.System, d.Value.Code)), Is.All.EqualTo(("http://unitsofmeasure.org", "min")));
            sources.AddRange(served.Select(d => d.Source!));
        }

        Assert.That(sources, Does.Contain("declared").And.Contain("median"), "the simulated publisher declares some durations, not all");
    }

    [Test]
    public async Task The_export_gives_each_slot_s_practitioner_standard_durations()
    {
        var rows = Rfc4180.Parse((await _hub.Http.GetStringAsync("admin/export.csv"))[1..]);
        var header = rows[0].ToList();
        var practitioner = header.IndexOf("practitioner_national_id");

        var checkedDeclared = 0;
        Assert.That(header, Is.SupersetOf(new[] { "amb_duration_min", "amb_duration_source", "hh_duration_min", "hh_duration_source", "vr_duration_min", "vr_duration_source" }));
        foreach (var row in rows.Skip(1))
        {
            var declared = ExpectedDurations(row[practitioner]).Where(d => d.Source == "declared").ToList();
            foreach (var (code, minutes, _) in declared)
            {
                Assert.That(row[header.IndexOf(code.ToLowerInvariant() + "_duration_min")], Is.EqualTo(minutes.ToString(CultureInfo.InvariantCulture)));
                Assert.That(row[header.IndexOf(code.ToLowerInvariant() + "_duration_source")], Is.EqualTo("declared"));
                checkedDeclared++;
            }

            foreach (var code in new[] { "amb", "hh", "vr" }.Where(c => declared.TrueForAll(d => !d.Code.Equals(c, StringComparison.OrdinalIgnoreCase))))
            {
                Assert.That(row[header.IndexOf(code + "_duration_source")], Is.EqualTo("median").Or.Empty, "nothing declared: the median slot length, or nothing");
            }
        }

        Assert.That(checkedDeclared, Is.Positive);
    }

    [Test]
    public async Task Metadata_declares_hub_overbooked()
    {
        var statement = await GetAsync<CapabilityStatement>("fhir/metadata");
        var parameter = statement.Rest[0].Resource.Single(r => r.Type == "Slot").SearchParam.Single(p => p.Name == "hub-overbooked");

        Assert.That(parameter.Definition, Is.EqualTo("urn:sas-interop:SearchParameter:slot-hub-overbooked"));
    }

    /// <summary>
    /// What the publisher's FHIR makes a practitioner's standard durations (code, minutes, source), AMB, HH, VR: the
    /// durations its places declare (their median), else the median length of its free slots offering the mode.
    /// </summary>
    private List<(string Code, int Minutes, string Source)> ExpectedDurations(string nationalId)
    {
        const string Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-service-type-duration";
        var practitioner = "Practitioner/" + _publisher.Resources.OfType<Practitioner>().Single(p => p.Identifier[0].Value == nationalId).Id;
        var roles = _publisher.Resources.OfType<PractitionerRole>().Where(r => r.Practitioner.Reference == practitioner).ToList();
        var schedules = _publisher.Resources.OfType<Schedule>().Where(s => s.Actor.Any(a => a.Reference == practitioner)).Select(s => "Schedule/" + s.Id).ToHashSet();
        var slots = PublishedFreeSlots().Where(s => schedules.Contains(s.Schedule.Reference)).ToList();
        var expected = new List<(string, int, string)>();
        foreach (var code in new[] { "AMB", "HH", "VR" })
        {
            var declared = roles.SelectMany(r => r.Extension.Where(e => e.Url == Url))
                .Where(e => ((CodeableConcept)e.GetExtension("serviceType").Value).Coding[0].Code == code)
                .Select(e => (double)((Duration)e.GetExtension("duration").Value).Value!.Value)
                .ToList();
            var lengths = slots.Where(s => s.ServiceType.Any(t => t.Coding.Any(c => c.Code == code))).Select(s => (s.End!.Value - s.Start!.Value).TotalMinutes).ToList();
            if (declared.Count > 0)
            {
                expected.Add((code, Median(declared), "declared"));
            }
            else if (lengths.Count > 0)
            {
                expected.Add((code, Median(lengths), "median"));
            }
        }

        return expected;

        static int Median(List<double> values)
        {
            values.Sort();
            var middle = values.Count / 2;
            return (int)Math.Round(values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The free slots the publisher holds for its practitioners, as it would answer them.</summary>
    private List<Slot> PublishedFreeSlots() =>
        _publisher.Resources.OfType<Slot>().Where(s => s.Status == Slot.SlotStatus.Free && s.Start!.Value >= _from).ToList();

    private static List<Slot> Slots(Bundle bundle) => bundle.Entry.Select(e => e.Resource).OfType<Slot>().ToList();

    private static List<Slot> Pulled(Bundle bundle) => Slots(bundle).Where(s => !s.Id.StartsWith("push-", StringComparison.Ordinal)).ToList();

    private static string Ids(IEnumerable<string> ids) =>
        "schedule.actor:Practitioner.identifier=" + string.Join(",", ids.Select(id => Rpps + "%7C" + id));

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string Window(int hours) => $"start=ge{Iso(_from)}&start=le{Iso(_from.AddHours(hours))}";

    private Task<Bundle> GetBundleAsync(string url) => GetAsync<Bundle>(url);

    private async Task<T> GetAsync<T>(string url)
        where T : Resource => await FhirAssert.ReadAsync<T>(await _hub.Http.GetAsync(url), HttpStatusCode.OK);
}
