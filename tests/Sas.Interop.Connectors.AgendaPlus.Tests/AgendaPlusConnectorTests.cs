using Hl7.Fhir.Model;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Samples.AgendaPlus;
using Sas.Interop.Connectors.Testing;

namespace Sas.Interop.Connectors.AgendaPlus.Tests;

/// <summary>The agenda-plus connector against its simulator over loopback.</summary>
public sealed class AgendaPlusConnectorTests
{
    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
    private static readonly DateTimeOffset From = new(FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(9);

    private AgendaPlusSimulator _simulator = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async System.Threading.Tasks.Task StartAsync()
    {
        _simulator = await AgendaPlusSimulator.StartAsync(new AgendaPlusSimulatorOptions { Name = "ap-test", ApiKey = "key-one", PractitionerCount = 4, Seed = 11, Days = 10, FirstDay = FirstDay }, CancellationToken.None);
        _http = new HttpClient();
    }

    [TearDown]
    public async System.Threading.Tasks.Task StopAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task A_full_run_conforms_to_the_canonical_model_and_serves_every_open_time()
    {
        var run = await ConnectorConformance.RunAsync(Create(_simulator, _http, batchSize: 3), From, To);

        ConnectorConformance.AssertConforms(run, _simulator.PractitionerIds);
        ConnectorConformance.AssertDeclaresRoster(new AgendaPlusConnectorType(), "ap", Settings(_simulator.BaseUrl, _simulator.ApiKey, _simulator.PractitionerIds), run);
        Assert.That(run.Batches, Has.Count.EqualTo(2), "4 practitioners in batches of 3");
        foreach (var rpps in _simulator.PractitionerRpps)
        {
            var expected = _simulator.OpenSlotCount(rpps, From, To);
            Assert.That(run.Slots.Count(s => s.PractitionerNationalId == "8" + rpps), Is.EqualTo(expected), $"one slot per open time of {rpps}, whatever the number of motives");
        }
    }

    [Test]
    public async System.Threading.Tasks.Task Motive_durations_become_each_place_s_declared_duration_per_consultation_type()
    {
        var run = await ConnectorConformance.RunAsync(Create(_simulator, _http), From, To);
        var places = run.Normalized.SelectMany(n => n.Normalized.Places).ToList();

        // The simulator's motives: cabinet 20 min, teleconsultation 15 min, and home visits of 30 min for one practitioner in three.
        Assert.That(places, Is.Not.Empty);
        Assert.That(places, Is.All.Matches<CanonicalPlace>(p => p.DeclaredDurations.Contains(new DeclaredDuration(ConsultationModes.Ambulatory, 20)) && p.DeclaredDurations.Contains(new DeclaredDuration(ConsultationModes.Virtual, 15))));
        Assert.That(places.Where(p => p.DeclaredDurations.Contains(new DeclaredDuration(ConsultationModes.HomeVisit, 30))), Is.Not.Empty);
        Assert.That(run.Normalized.SelectMany(n => n.Normalized.Issues).Where(i => i.Expression == "PractitionerRole.extension"), Is.Empty);
    }

    [Test]
    public async System.Threading.Tasks.Task Motives_become_consultation_modes_and_motive_texts_and_practice_places_become_roles()
    {
        var run = await ConnectorConformance.RunAsync(Create(_simulator, _http), From, To);
        var slots = run.Slots;
        var normalized = run.Normalized.Select(n => n.Normalized).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(slots.Where(s => s.Modes.HasFlag(ConsultationModes.Virtual)), Is.Not.Empty);
            Assert.That(slots.Where(s => s.Modes.HasFlag(ConsultationModes.Virtual)).All(s => s.Motives.Contains("Téléconsultation")), Is.True);
            Assert.That(slots.Where(s => s.Modes.HasFlag(ConsultationModes.HomeVisit)).All(s => s.Motives.Contains("Visite à domicile")), Is.True);
            Assert.That(slots.Where(s => s.Modes.HasFlag(ConsultationModes.HomeVisit)), Is.Not.Empty, "practitioner 0 makes home visits");
            Assert.That(slots.All(s => s.BookingUrl!.StartsWith("https://agendaplus.example/ap-test/book/", StringComparison.Ordinal)), Is.True);
            var places = normalized.SelectMany(n => n.Places).ToList();
            Assert.That(places, Has.Count.EqualTo(6), "practitioners 1 and 3 consult in two places");
            Assert.That(places.All(p => p.Address!.City is not null && p.Address.PostalCode is not null && p.Address.Lines.Count == 1), Is.True);
            Assert.That(places.All(p => p.Telecoms.Count > 0), Is.True, "the practice phone");
            Assert.That(normalized.SelectMany(n => n.Practitioners).Select(p => p.Family), Has.None.Null);
        }
    }

    [Test]
    public async System.Threading.Tasks.Task A_time_booked_elsewhere_is_gone_from_the_next_snapshot()
    {
        var connector = Create(_simulator, _http);
        var rpps = _simulator.PractitionerRpps[0];
        var first = await ConnectorConformance.RunAsync(connector, From, To);
        var booked = _simulator.OpenTimes(rpps).First(t => t >= From);
        Assert.That(_simulator.Book(rpps, t => t == booked), Is.GreaterThan(0));

        var second = await ConnectorConformance.RunAsync(connector, From, To);

        ConnectorConformance.AssertConforms(second, _simulator.PractitionerIds);
        Assert.That(first.Slots.Any(s => s.Start == booked && s.PractitionerNationalId == "8" + rpps), Is.True);
        Assert.That(second.Slots.Any(s => s.Start == booked && s.PractitionerNationalId == "8" + rpps), Is.False);
        Assert.That(second.Batches.All(b => b.ReplacesScope), Is.True, "AgendaPlus has no change feed: every batch is a snapshot");
    }

    [TestCase(AgendaPlusFault.MalformedJson, ConnectorFailureKind.Malformed)]
    [TestCase(AgendaPlusFault.MissingPractice, ConnectorFailureKind.Malformed)]
    [TestCase(AgendaPlusFault.ServerError, ConnectorFailureKind.HttpStatus)]
    public async System.Threading.Tasks.Task Unusable_answers_fail_the_batch_instead_of_emptying_it(AgendaPlusFault fault, ConnectorFailureKind expected)
    {
        _simulator.Fault = fault;

        var run = await ConnectorConformance.RunAsync(Create(_simulator, _http), From, To);

        Assert.That(run.Batches, Is.Not.Empty);
        Assert.That(run.Batches.Select(b => b.Failure?.Kind), Is.All.EqualTo(expected));
        Assert.That(run.Batches.All(b => b.Resources.Count == 0), Is.True);
    }

    [Test]
    public async System.Threading.Tasks.Task A_wrong_api_key_is_an_http_failure()
    {
        var connector = ConnectorConformance.Create(new AgendaPlusConnectorType(), "ap", Settings(_simulator.BaseUrl, "wrong-key", _simulator.PractitionerIds), _http);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        Assert.That(run.Batches.Single().Failure!.Kind, Is.EqualTo(ConnectorFailureKind.HttpStatus));
        Assert.That(run.Batches.Single().Failure!.Message, Does.Contain("401"));
    }

    [Test]
    public async System.Threading.Tasks.Task A_practitioner_unknown_to_the_platform_is_an_empty_agenda_not_a_failure()
    {
        var connector = ConnectorConformance.Create(new AgendaPlusConnectorType(), "ap", Settings(_simulator.BaseUrl, "key-one", ["81999999999"]), _http);

        var run = await ConnectorConformance.RunAsync(connector, From, To);

        Assert.That(run.Batches.Single().Succeeded, Is.True);
        Assert.That(run.Batches.Single().Resources, Is.Empty);
    }

    [Test]
    public async System.Threading.Tasks.Task Two_instances_of_the_type_keep_their_own_base_url_and_credentials()
    {
        await using var other = await AgendaPlusSimulator.StartAsync(new AgendaPlusSimulatorOptions { Name = "ap-other", ApiKey = "key-two", PractitionerCount = 2, Seed = 12, Days = 10, FirstDay = FirstDay }, CancellationToken.None);
        using var otherHttp = new HttpClient();
        var type = new AgendaPlusConnectorType();
        var first = ConnectorConformance.Create(type, "ap-1", Settings(_simulator.BaseUrl, "key-one", _simulator.PractitionerIds), _http);
        var second = ConnectorConformance.Create(type, "ap-2", Settings(other.BaseUrl, "key-two", other.PractitionerIds), otherHttp);

        // Interleaved, so any shared state (headers, base address) would show.
        var runs = await System.Threading.Tasks.Task.WhenAll(ConnectorConformance.RunAsync(first, From, To), ConnectorConformance.RunAsync(second, From, To));

        ConnectorConformance.AssertConforms(runs[0], _simulator.PractitionerIds);
        ConnectorConformance.AssertConforms(runs[1], other.PractitionerIds);
        Assert.That(_simulator.Requests.Select(r => r.ApiKey).Distinct(), Is.EqualTo(new[] { "key-one" }));
        Assert.That(other.Requests.Select(r => r.ApiKey).Distinct(), Is.EqualTo(new[] { "key-two" }));
        Assert.That(runs[0].Slots.Select(s => s.PractitionerNationalId).Intersect(runs[1].Slots.Select(s => s.PractitionerNationalId)), Is.Empty);
    }

    [Test]
    public void Settings_problems_are_reported_one_by_one()
    {
        var section = ConnectorConformance.Section(new AgendaPlusConnectorType(), "ap", new Dictionary<string, string?> { ["BaseUrl"] = "not a url", ["Practitioners:0"] = "12", ["BatchSize"] = "99" });

        var problems = new AgendaPlusConnectorType().ValidateConfiguration(section).ToList();

        Assert.That(problems, Has.Count.EqualTo(4));
        Assert.That(problems, Has.Some.Contains("BaseUrl").And.Some.Contains("ApiKey").And.Some.Contains("'12'").And.Some.Contains("BatchSize"));
    }

    [Test]
    public void Resources_follow_the_hub_PS_shape()
    {
        var role = PsAgendaResources.Role("r", "p", new PracticePlace("Cabinet", ["1 rue A"], "Nantes", "44000", ["0240000000"]));

        Assert.That(role.Contained.OfType<Location>().Single().Address.City, Is.EqualTo("Nantes"));
        Assert.That(role.Location.Single().Reference, Is.EqualTo("#place"));
    }

    private static IAgendaConnector Create(AgendaPlusSimulator simulator, HttpClient http, int? batchSize = null)
    {
        var settings = Settings(simulator.BaseUrl, simulator.ApiKey, simulator.PractitionerIds);
        if (batchSize is { } size)
        {
            settings["BatchSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ConnectorConformance.Create(new AgendaPlusConnectorType(), "ap", settings, http);
    }

    private static Dictionary<string, string?> Settings(string baseUrl, string apiKey, IReadOnlyList<string> practitioners)
    {
        var settings = new Dictionary<string, string?> { ["BaseUrl"] = baseUrl, ["ApiKey"] = apiKey };
        for (var i = 0; i < practitioners.Count; i++)
        {
            settings[$"Practitioners:{i}"] = practitioners[i];
        }

        return settings;
    }
}
