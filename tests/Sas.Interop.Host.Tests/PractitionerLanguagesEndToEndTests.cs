using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Samples.Publisher;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// Languages spoken (issue #18 item 6) from the publisher's FHIR to the SAS answer over real HTTP: Practitioner.communication
/// pulled (sas-fhir connector) and pushed, served on the Practitioner, and the chained search
/// <c>schedule.actor:Practitioner.communication</c> on Slot.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class PractitionerLanguagesEndToEndTests
{
    private const string Rpps = "urn:oid:1.2.250.1.71.4.2.1";
    private const string Bcp47 = "urn:ietf:bcp:47";
    private const string Include = "_include=Slot:schedule&_include:iterate=Schedule:actor:Practitioner";
    private PublisherSimulator _publisher = null!;
    private RunningHub _hub = null!;
    private DateTimeOffset _from;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publisher = await PublisherSimulator.StartAsync(new PublisherSimulatorOptions { Name = "langs", PractitionerCount = 8, Seed = 6, Days = 2 }, CancellationToken.None);
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
    public async Task Pulled_languages_are_served_on_the_practitioner_and_filter_the_slot_search()
    {
        var ids = _publisher.PractitionerIds;
        var all = await GetBundleAsync($"fhir/Slot?{Window()}&{Ids(ids)}&{Include}&_count=1000");
        var english = await GetBundleAsync($"fhir/Slot?{Window()}&{Ids(ids)}&schedule.actor:Practitioner.communication=EN&{Include}&_count=1000");
        var englishOrSpanish = await GetBundleAsync($"fhir/Slot?{Window()}&{Ids(ids)}&schedule.actor:Practitioner.communication=en,{Bcp47}%7Ces&{Include}&_count=1000");
        var englishAndSpanish = await GetBundleAsync($"fhir/Slot?{Window()}&{Ids(ids)}&schedule.actor:Practitioner.communication=en&schedule.actor:Practitioner.communication=es&{Include}&_count=1000");

        var published = _publisher.Resources.OfType<Practitioner>().ToDictionary(p => p.Identifier[0].Value, p => p.Communication.Select(c => c.Coding[0].Code).ToList());
        var served = Practitioners(all);
        Assert.Multiple(() =>
        {
            Assert.That(served.Keys, Is.EquivalentTo(ids));
            foreach (var (id, practitioner) in served)
            {
                Assert.That(practitioner.Communication.Select(c => (c.Coding.Single().System, c.Coding.Single().Code)), Is.EqualTo(published[id].Select(code => (Bcp47, code))), id);
            }

            Assert.That(published.Values.Count(l => l.Contains("en")), Is.InRange(1, ids.Count - 1), "the simulator gives English to some");
            Assert.That(SlotsOf(english), Is.EquivalentTo(SlotsOf(all).Where(s => published[s.Practitioner].Contains("en"))));
            Assert.That(SlotsOf(english), Is.Not.Empty);
            Assert.That(Practitioners(english).Keys, Is.All.Matches<string>(id => published[id].Contains("en")), "includes follow the filter");
            Assert.That(SlotsOf(englishOrSpanish), Is.EquivalentTo(SlotsOf(all).Where(s => published[s.Practitioner].Contains("en") || published[s.Practitioner].Contains("es"))));
            Assert.That(SlotsOf(englishAndSpanish), Is.EquivalentTo(SlotsOf(all).Where(s => published[s.Practitioner].Contains("en") && published[s.Practitioner].Contains("es"))));
        });
    }

    [Test]
    public async Task Pushed_languages_are_normalised_junk_dropped_and_the_practitioner_kept()
    {
        var practitionerId = _publisher.PractitionerIds[0];
        var resources = _publisher.Resources.Select(r => (Resource)r.DeepCopy()).ToList();
        var practitioner = resources.OfType<Practitioner>().Single(p => p.Identifier[0].Value == practitionerId);
        practitioner.Communication =
        [
            new CodeableConcept(Bcp47, "EN-gb"),
            new CodeableConcept { Coding = [new Coding(null, "pt_br")] },
            new CodeableConcept(Bcp47, "not a language"),
            new CodeableConcept("urn:iso:std:iso:3166", "FR"),
            new CodeableConcept { Text = "Allemand" },
        ];
        var roles = resources.OfType<PractitionerRole>().Where(r => r.Practitioner.Reference == "Practitioner/" + practitioner.Id).ToList();
        var schedules = resources.OfType<Schedule>().Where(s => s.Actor.Any(a => a.Reference == "Practitioner/" + practitioner.Id)).ToList();
        var slots = resources.OfType<Slot>().Where(s => schedules.Any(sc => s.Schedule.Reference == "Schedule/" + sc.Id) && s.Status == Slot.SlotStatus.Free).ToList();
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in new Resource[] { practitioner }.Concat(roles).Concat(schedules).Concat(slots))
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"https://langs.example/fhir/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
            });
        }

        await using var hub = await RunningHub.StartAsync(PushClient.Settings());
        using var alpha = new PushClient(hub, PushClient.AlphaKey);
        await FhirAssert.ReadAsync<Bundle>(await alpha.PostAsync(transaction), HttpStatusCode.OK);

        var window = $"start=ge{Iso(_from)}&start=le{Iso(_from.AddDays(3))}";
        var english = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?{window}&{Ids([practitionerId])}&schedule.actor:Practitioner.communication=en&{Include}"), HttpStatusCode.OK);
        var portuguese = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?{window}&{Ids([practitionerId])}&schedule.actor:Practitioner.communication=pt-br"), HttpStatusCode.OK);
        var british = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?{window}&{Ids([practitionerId])}&schedule.actor:Practitioner.communication=en-GB"), HttpStatusCode.OK);
        var american = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?{window}&{Ids([practitionerId])}&schedule.actor:Practitioner.communication=en-US"), HttpStatusCode.OK);
        var french = await FhirAssert.ReadAsync<Bundle>(await hub.Http.GetAsync($"fhir/Slot?{window}&{Ids([practitionerId])}&schedule.actor:Practitioner.communication=fr"), HttpStatusCode.OK);

        var served = english.Entry.Select(e => e.Resource).OfType<Practitioner>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(english.Total, Is.Positive, "en matches en-GB (RFC 4647 basic filtering)");
            Assert.That(served.Communication.Select(c => c.Coding.Single().Code), Is.EqualTo(new[] { "en-GB", "pt-BR" }), "case normalised, junk dropped");
            Assert.That(portuguese.Total, Is.EqualTo(english.Total));
            Assert.That(british.Total, Is.EqualTo(english.Total));
            Assert.That(american.Total, Is.Zero);
            Assert.That(french.Total, Is.Zero, "the pushed practitioner no longer says French");
        });
    }

    [TestCase("schedule.actor:Practitioner.communication=")]
    [TestCase("schedule.actor:Practitioner.communication=en,")]
    [TestCase("schedule.actor:Practitioner.communication=urn:iso:std:iso:639-1%7Cen")]
    [TestCase("schedule.actor:Practitioner.communication=%7Cen")]
    [TestCase("schedule.actor:Practitioner.communication=english%20please")]
    [TestCase("schedule.actor:Practitioner.communication=pt_BR")]
    public async Task Bad_communication_values_get_a_400_OperationOutcome(string parameter)
    {
        var outcome = await FhirAssert.ReadOutcomeAsync(await _hub.Http.GetAsync($"fhir/Slot?{Window()}&{Ids(_publisher.PractitionerIds.Take(1))}&{parameter}"), HttpStatusCode.BadRequest);

        Assert.That(outcome.Issue.Select(i => i.Expression.FirstOrDefault()), Does.Contain("schedule.actor:Practitioner.communication"));
    }

    [Test]
    public async Task Metadata_declares_the_communication_chain()
    {
        var statement = await GetBundleOrAsync<CapabilityStatement>("fhir/metadata");
        var parameter = statement.Rest[0].Resource.Single(r => r.Type == "Slot").SearchParam.Single(p => p.Name == "schedule.actor:Practitioner.communication");

        Assert.That(parameter.Definition, Is.EqualTo("http://hl7.org/fhir/SearchParameter/Practitioner-communication"));
    }

    /// <summary>Served practitioners by national id.</summary>
    private static Dictionary<string, Practitioner> Practitioners(Bundle bundle) =>
        bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().ToDictionary(p => p.Identifier.Single(i => i.System == Rpps).Value);

    /// <summary>Each slot's practitioner national id (through its included schedule and practitioner) and start.</summary>
    private static List<(string Practitioner, DateTimeOffset Start)> SlotsOf(Bundle bundle)
    {
        var practitioners = Practitioners(bundle).ToDictionary(p => "Practitioner/" + p.Value.Id, p => p.Key);
        var schedules = bundle.Entry.Select(e => e.Resource).OfType<Schedule>()
            .ToDictionary(s => "Schedule/" + s.Id, s => practitioners[s.Actor.First(a => a.Reference.StartsWith("Practitioner/", StringComparison.Ordinal)).Reference]);
        return [.. bundle.Entry.Select(e => e.Resource).OfType<Slot>().Select(s => (schedules[s.Schedule.Reference], s.Start!.Value))];
    }

    private static string Ids(IEnumerable<string> ids) =>
        "schedule.actor:Practitioner.identifier=" + string.Join(",", ids.Select(id => Rpps + "%7C" + id));

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string Window() => $"start=ge{Iso(_from)}&start=le{Iso(_from.AddHours(48))}";

    private Task<Bundle> GetBundleAsync(string url) => GetBundleOrAsync<Bundle>(url);

    private async Task<T> GetBundleOrAsync<T>(string url)
        where T : Resource => await FhirAssert.ReadAsync<T>(await _hub.Http.GetAsync(url), HttpStatusCode.OK);
}
