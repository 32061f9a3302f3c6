using System.Globalization;
using Sas.Interop.Connectors.AgendaPlus;
using Sas.Interop.Connectors.SasFhir;
using Sas.Interop.Connectors.SmartScheduling;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Samples.AgendaPlus;
using Sas.Interop.Samples.Publisher;
using Sas.Interop.Samples.SasReceiver;
using Sas.Interop.Samples.SmartScheduling;

namespace Sas.Interop.Demo;

/// <summary>
/// The demo's world: starts simulated publishers on loopback and configures one connector instance per publisher,
/// so a newcomer sees slots within a minute with nothing else installed.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private static readonly (string Id, SimulatedPublisherKind Kind, int Size, int Seed, string Schedule)[] Publishers =
    [
        ("demo-cabinets", SimulatedPublisherKind.Ps, 30, 1, "00:01:00"),
        ("demo-maison-sante", SimulatedPublisherKind.Ps, 12, 2, "00:02:00"),
        ("demo-cpts", SimulatedPublisherKind.Cpts, 15, 3, "00:02:00"),
        ("demo-sos", SimulatedPublisherKind.Sos, 12, 4, "00:01:00"),

        // Structure agendas (centres de santé, MSP: slots of the structure, no practitioner), searched like SOS by FINESS.
        ("demo-centres-sante", SimulatedPublisherKind.Structure, 6, 7, "00:02:00"),
    ];

    /// <summary>The demo SAS's consumer id and API key (sent as <c>X-Api-Key</c>).</summary>
    public const string SasConsumerId = "demo-sas";

    public const string SasApiKey = "demo-sas-key";

    /// <summary>An RPPS (valid check digit) on the first publisher's roster that no simulator serves.</summary>
    public static readonly string NeverReturnedRpps = "8" + "1999999990" + Sas.Interop.Core.Identifiers.CheckDigits.Luhn("1999999990");

    private readonly List<PublisherSimulator> _simulators = [];
    private readonly List<IAsyncDisposable> _otherSimulators = [];

    private DemoEnvironment()
    {
    }

    public IReadOnlyList<PublisherSimulator> Simulators => _simulators;

    /// <summary>Base URLs of every simulated publisher (IG, SMART Scheduling Links, AgendaPlus).</summary>
    public List<string> PublisherUrls { get; } = [];

    /// <summary>Prefixed FINESS of the SMART structure feed's centres (instance <c>demo-ssl-centres</c>).</summary>
    public IReadOnlyList<string> SmartStructureIds { get; private set; } = [];

    /// <summary>Configuration the demo adds below appsettings overrides, environment and command line.</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var demo = new DemoEnvironment();
        demo.Configuration["Store:ConnectionString"] = "Data Source=data/sas-interop-demo.db";

        // The SAS's identity, as a real hub has one: searches and regulator accounts need it.
        demo.Configuration[$"Consumers:{SasConsumerId}:ApiKeys:0"] = SasApiKey;

        // The demo database is disposable: a newer checkout recreates it rather than refusing to start.
        demo.Configuration["Store:RecreateOnSchemaChange"] = "true";
        foreach (var (id, kind, size, seed, schedule) in Publishers)
        {
            var simulator = await PublisherSimulator.StartAsync(
                new PublisherSimulatorOptions { Name = id, Kind = kind, PractitionerCount = size, AssociationCount = size, Seed = seed, Days = 7, ReceivesRegulatorAccounts = kind == SimulatedPublisherKind.Ps, DeclaresUnavailabilities = kind == SimulatedPublisherKind.Ps },
                cancellationToken);
            demo._simulators.Add(simulator);
            if (id == Publishers[1].Id)
            {
                ShareFirstPractitionerWithTwoSpellings(demo._simulators[0], simulator);
            }

            var prefix = $"Connectors:{id}:";
            demo.Configuration[prefix + "Type"] = SasFhirConnectorType.TypeName;
            demo.Configuration[prefix + "BaseUrl"] = simulator.BaseUrl;
            demo.PublisherUrls.Add(simulator.BaseUrl);
            demo.Configuration[prefix + "Schedule"] = schedule;
            demo.Configuration[prefix + "WindowHours"] = "72";
            demo.Configuration[prefix + "Flow"] = kind.ToString().ToLowerInvariant();
            if (kind == SimulatedPublisherKind.Ps)
            {
                // The PS publishers also take the SAS's regulator accounts (INT_R02), relayed by the hub.
                demo.Configuration[prefix + "RegulatorAccounts"] = "true";
            }

            var (rosterKey, roster) = kind is SimulatedPublisherKind.Sos or SimulatedPublisherKind.Structure
                ? ("Organizations", simulator.OrganizationIds)
                : ("Practitioners", simulator.PractitionerIds);
            for (var i = 0; i < roster.Count; i++)
            {
                demo.Configuration[$"{prefix}{rosterKey}:{i.ToString(CultureInfo.InvariantCulture)}"] = roster[i];
            }

            if (id == Publishers[0].Id)
            {
                // Identity vigilance (issue 18 item 8): a roster key the publisher never returns, so that
                // /admin/identity-conflicts has something to show.
                demo.Configuration[$"{prefix}{rosterKey}:{roster.Count.ToString(CultureInfo.InvariantCulture)}"] = NeverReturnedRpps;
            }
        }

        await demo.StartOtherKindsAsync(cancellationToken);
        return demo;
    }

    /// <summary>
    /// Identity vigilance (issue 18 item 8): the first practitioner of <paramref name="first"/> also works at
    /// <paramref name="second"/>, whose software spells the family name differently (one letter), so
    /// <c>/admin/identity-conflicts</c> shows a <c>name</c> conflict, as a hub with many publishers soon has.
    /// </summary>
    private static void ShareFirstPractitionerWithTwoSpellings(PublisherSimulator first, PublisherSimulator second)
    {
        var shared = first.Resources.OfType<Hl7.Fhir.Model.Practitioner>().First();
        var resources = second.Resources.ToList();
        var local = resources.OfType<Hl7.Fhir.Model.Practitioner>().First();
        local.Identifier.First(i => i.System == KnownIdentifierSystems.PractitionerNationalId).Value =
            shared.Identifier.First(i => i.System == KnownIdentifierSystems.PractitionerNationalId).Value;
        var family = shared.Name[0].Family ?? "MARTIN";
        var misspelt = family[^1] switch
        {
            'T' => family[..^1] + "D",
            'D' => family[..^1] + "T",
            'E' => family[..^1],
            _ => family + "E",
        };
        local.Name = [new Hl7.Fhir.Model.HumanName { Family = misspelt, Given = shared.Name[0].Given }];
        second.ReplaceResources(resources);
    }

    /// <summary>The non-IG connector kinds: a SMART Scheduling Links feed and an AgendaPlus platform.</summary>
    private async System.Threading.Tasks.Task StartOtherKindsAsync(CancellationToken cancellationToken)
    {
        var ssl = await SmartSchedulingSimulator.StartAsync(new SmartSchedulingSimulatorOptions { Name = "demo-ssl", PractitionerCount = 8, Seed = 5, Days = 7 }, cancellationToken);
        _otherSimulators.Add(ssl);
        AddInstance("demo-ssl", SmartSchedulingConnectorType.TypeName, ssl.BaseUrl, ssl.PractitionerIds, "00:01:00");

        // SMART structure agendas (issue #18 item 2): a feed of Location-only Schedules, centres de santé by FINESS;
        // its last site carries no FINESS, which its feed-quality report shows.
        var sslCentres = await SmartSchedulingSimulator.StartAsync(new SmartSchedulingSimulatorOptions { Name = "demo-ssl-centres", PractitionerCount = 0, StructureSchedules = 4, StructuresWithoutIdentifier = 1, Seed = 8, Days = 7 }, cancellationToken);
        _otherSimulators.Add(sslCentres);
        SmartStructureIds = sslCentres.StructureIds;
        AddInstance("demo-ssl-centres", SmartSchedulingConnectorType.TypeName, sslCentres.BaseUrl, [], "00:02:00");
        Configuration["Connectors:demo-ssl-centres:Flow"] = "structure";
        Configuration["Connectors:demo-ssl-centres:StructureType"] = "CDS";
        for (var i = 0; i < sslCentres.StructureIds.Count; i++)
        {
            Configuration[$"Connectors:demo-ssl-centres:Organizations:{i.ToString(CultureInfo.InvariantCulture)}"] = sslCentres.StructureIds[i];
        }

        var agendaPlus = await AgendaPlusSimulator.StartAsync(new AgendaPlusSimulatorOptions { Name = "demo-agendaplus", ApiKey = "demo-agendaplus-key", PractitionerCount = 8, Seed = 6, Days = 7 }, cancellationToken);
        _otherSimulators.Add(agendaPlus);
        AddInstance("demo-agendaplus", AgendaPlusConnectorType.TypeName, agendaPlus.BaseUrl, agendaPlus.PractitionerIds, "00:02:00");
        Configuration["Connectors:demo-agendaplus:ApiKey"] = agendaPlus.ApiKey;

        // A simulated SAS receives the appointments publishers send (INT_R03), unless an endpoint is configured.
        var sas = await SasReceiverSimulator.StartAsync(cancellationToken: cancellationToken);
        _otherSimulators.Add(sas);
        Configuration["Appointments:Relay:Endpoint"] = sas.FhirBase;
    }

    private void AddInstance(string id, string type, string baseUrl, IReadOnlyList<string> practitioners, string schedule)
    {
        var prefix = $"Connectors:{id}:";
        Configuration[prefix + "Type"] = type;
        Configuration[prefix + "BaseUrl"] = baseUrl;
        PublisherUrls.Add(baseUrl);
        Configuration[prefix + "Schedule"] = schedule;
        Configuration[prefix + "WindowHours"] = "72";
        for (var i = 0; i < practitioners.Count; i++)
        {
            Configuration[$"{prefix}Practitioners:{i.ToString(CultureInfo.InvariantCulture)}"] = practitioners[i];
        }
    }

    /// <summary>Ready-to-paste SAS requests (PS individuel, CPTS, SOS Médecins) over the next 72 hours.</summary>
    public IEnumerable<string> SampleRequests(string hubBaseUrl, DateTimeOffset now)
    {
        var from = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = now.ToUniversalTime().AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var ps = string.Join(',', _simulators[0].PractitionerIds.Take(3).Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
        var cpts = string.Join(',', _simulators[2].PractitionerIds.Take(3).Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id));
        var sos = string.Join(',', _simulators[3].OrganizationIds.Take(2).Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        yield return $"{hubBaseUrl}/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={ps}";
        yield return $"{hubBaseUrl}/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization&start=ge{from}&start=le{to}&schedule.actor:Practitioner.identifier={cpts}&status=free";
        yield return $"{hubBaseUrl}/fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free&actor:Location.organization.identifier={sos}";

        // Structure agendas (centres de santé, MSP) by FINESS: the SOS search generalised to any structure.
        var structures = string.Join(',', _simulators[4].OrganizationIds.Take(2).Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        yield return $"{hubBaseUrl}/fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free&actor:Location.organization.identifier={structures}";

        // The same search serves the SMART Scheduling Links feed's centres de santé (Location-only Schedules).
        var smartStructures = string.Join(',', SmartStructureIds.Take(2).Select(id => "urn:oid:1.2.250.1.71.4.2.2%7C" + id));
        yield return $"{hubBaseUrl}/fhir/Schedule?_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization&_has:Slot:schedule:start=ge{from}&_has:Slot:schedule:start=le{to}&_has:Slot:schedule:status=free&actor:Location.organization.identifier={smartStructures}";

        // Hub extensions: around the first demo practitioner's place (its postal code's centroid), and the short-term view.
        var place = _simulators[0].Resources.OfType<Hl7.Fhir.Model.PractitionerRole>().Select(r => r.Contained.OfType<Hl7.Fhir.Model.Location>().FirstOrDefault()?.Address?.PostalCode).FirstOrDefault();
        if (PostalCodeCentroids.TryLocate(place, out var centre))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{hubBaseUrl}/fhir/Slot?start=ge{from}&start=le{to}&status=free&hub-near={centre.Latitude}%7C{centre.Longitude}%7C20%7Ckm&_include=Slot:schedule&_include:iterate=Schedule:actor");

            // Issue #18 items 4 and 7: home visits reaching the patient (the simulators declare 8 km perimeters), open places first.
            yield return string.Create(CultureInfo.InvariantCulture, $"{hubBaseUrl}/fhir/Slot?start=ge{from}&start=le{to}&status=free&hub-near={centre.Latitude}%7C{centre.Longitude}%7C20%7Ckm&service-type=HH&_sort=hub-open-now&_include=Slot:schedule&_include:iterate=Schedule:actor");
        }

        // Issue #18 item 2: hub-near answers structure slots too, around the first centre de santé's place.
        if (StructureHubNearSample(hubBaseUrl, from, to) is { } structuresAround)
        {
            yield return structuresAround;
        }

        yield return $"{hubBaseUrl}/fhir/Slot/$availability?schedule.actor:Practitioner.identifier={ps}";
    }

    /// <summary>A hub-near search (5 km) around the demo's first centre de santé: its slots and the practices' around, by distance.</summary>
    public string? StructureHubNearSample(string hubBaseUrl, string from, string to)
    {
        var position = _simulators[4].Resources.OfType<Hl7.Fhir.Model.Location>().Select(l => l.Position).FirstOrDefault(p => p is not null);
        return position is null
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{hubBaseUrl}/fhir/Slot?start=ge{from}&start=le{to}&status=free&hub-near={position.Latitude}%7C{position.Longitude}%7C5%7Ckm&_include=Slot:schedule&_include:iterate=Schedule:actor");
    }

    /// <summary>A ready-to-paste INT_R02 request: the SAS creates a regulator account, relayed to the PS publishers.</summary>
    public static string RegulatorAccountSample(string hubBaseUrl) =>
        $"curl -X POST -H 'X-Api-Key: {SasApiKey}' -H 'Content-Type: application/fhir+json' {hubBaseUrl}/fhir/Practitioner --data '"
        + """{"resourceType":"Practitioner","meta":{"source":"urn:oid:1.2.250.1.213.3.6"},"identifier":[{"type":{"coding":[{"system":"http://interopsante.org/fhir/CodeSystem/fr-v2-0203","code":"INTRN"}]},"system":"urn:oid:1.2.250.1.213.3.6","value":"b6e39355-8a61-4556-b340-36f7b95fec6a"}],"active":true,"name":[{"family":"Loridon","given":["Sébastien"]}],"telecom":[{"system":"email","value":"sebastien.loridon@test.com"}]}"""
        + "'";

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }

        foreach (var simulator in _otherSimulators)
        {
            await simulator.DisposeAsync();
        }
    }
}
