using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.WebUtilities;
using Sas.Interop.Appointments.Tests;
using Sas.Interop.Host.Tests;
using Sas.Interop.Samples.Publisher;
using static Sas.Interop.Conformance.Tests.Hub.IgCapabilityStatements;
using Interaction = Hl7.Fhir.Model.CapabilityStatement.TypeRestfulInteraction;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// Issue #17, declared conformance: the hub's CapabilityStatement (GET /fhir/metadata) instantiates the IG statements
/// whose server side it plays, declares everything each of them declares, and each declaration works on a running hub:
/// the searching statements on the conformance cases' example data, the writing ones with a publisher's appointments
/// and the SAS's regulator accounts. One test case per IG statement, so a failure names the statement.
/// </summary>
[Category("Conformance")]
[NonParallelizable]
public sealed class DeclaredConformanceTests
{
    // The IG statement each searching statement is exercised with: the conformance case holding its flow's example.
    private static readonly Dictionary<string, string> SearchCases = new(StringComparer.Ordinal)
    {
        [PsIndiv] = "PS individuel",
        [Cpts] = "CPTS (one CPTS)",
        [Sos] = "SOS Médecins",
    };

    private static readonly string[] WriteStatements = [RdvPsIndiv, RdvSos, Structure];

    // Types the IG's chains end on: searched on their own (GET /Practitioner?identifier=…), a separate piece of issue #17.
    private static readonly HashSet<string> StandaloneSearchTypes = new(StringComparer.Ordinal) { "Practitioner", "Location", "Organization" };

    private static readonly FhirJsonDeserializer Strict = new();

    private readonly Dictionary<string, ConformanceEnvironment> _searchHubs = new(StringComparer.Ordinal);
    private WriteHub? _writeHub;

    public static IEnumerable<TestCaseData> AllStatements() => SearchCases.Keys.Concat(WriteStatements).Select(Case);

    public static IEnumerable<TestCaseData> SearchStatements() => SearchCases.Keys.Select(Case);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var environment in _searchHubs.Values)
        {
            await environment.DisposeAsync();
        }

        if (_writeHub is not null)
        {
            await _writeHub.DisposeAsync();
        }
    }

    [Test]
    public async Task The_hub_instantiates_the_IG_statements_it_serves()
    {
        var hub = await SearchHubFor(PsIndiv);
        var metadata = await MetadataAsync(hub.Hub.Http);

        Assert.That(metadata.Instantiates, Is.EquivalentTo(AllStatements().Select(c => CanonicalBase + c.Arguments[0])));
    }

    /// <summary>(a) Every type, interaction, include, search parameter (by definition) and write flag the IG statement declares.</summary>
    [TestCaseSource(nameof(AllStatements))]
    public async Task The_hub_declares_what_the_IG_statement_declares(string statementId)
    {
        var ig = Read(statementId);
        var hub = await MetadataAsync(await HttpFor(statementId));

        Assert.That(hub.Instantiates, Does.Contain(ig.Url));
        Assert.Multiple(() =>
        {
            foreach (var declared in IgResources(ig))
            {
                var served = hub.Rest.Single().Resource.SingleOrDefault(r => r.Type == declared.Type);
                Assert.That(served, Is.Not.Null, $"{statementId}: {declared.Type} is not in the hub's statement");
                if (served is null)
                {
                    continue;
                }

                var standalone = StandaloneSearchTypes.Contains(declared.Type!);
                var interactions = declared.Interaction.Select(i => i.Code!.Value).Where(c => !(standalone && c == Interaction.SearchType));
                Assert.That(served.Interaction.Select(i => i.Code), Is.SupersetOf(interactions.Cast<Interaction?>()), $"{statementId}: {declared.Type} interactions");
                Assert.That(served.SearchInclude, Is.SupersetOf(declared.SearchInclude), $"{statementId}: {declared.Type} searchInclude");
                Assert.That(served.SearchRevInclude, Is.SupersetOf(declared.SearchRevInclude), $"{statementId}: {declared.Type} searchRevInclude");
                if (!standalone)
                {
                    AssertSearchParams(statementId, declared, served);
                }

                AssertWriteFlags(statementId, declared, served);
            }
        });
    }

    /// <summary>
    /// (a) for the standalone searches (Practitioner, Location, Organization): their search-type interaction and search
    /// parameters. Built on another branch of issue #17: fails here until it is merged.
    /// </summary>
    [TestCaseSource(nameof(SearchStatements))]
    public async Task Standalone_searches_the_IG_declares_are_declared(string statementId)
    {
        var ig = Read(statementId);
        var hub = await MetadataAsync(await HttpFor(statementId));

        Assert.Multiple(() =>
        {
            foreach (var declared in IgResources(ig).Where(r => StandaloneSearchTypes.Contains(r.Type!)))
            {
                var served = hub.Rest.Single().Resource.Single(r => r.Type == declared.Type);
                if (declared.Interaction.Any(i => i.Code == Interaction.SearchType))
                {
                    Assert.That(served.Interaction.Select(i => i.Code), Does.Contain(Interaction.SearchType), $"{statementId}: {declared.Type} search-type");
                }

                AssertSearchParams(statementId, declared, served);
            }
        });
    }

    /// <summary>(b) Each read, search-type (the IG's own searches), create and update the IG statement declares works on a running hub.</summary>
    [TestCaseSource(nameof(AllStatements))]
    public async Task Every_interaction_the_IG_statement_declares_works(string statementId)
    {
        var ig = Read(statementId);
        foreach (var declared in IgResources(ig))
        {
            foreach (var interaction in declared.Interaction.Select(i => i.Code!.Value))
            {
                var what = $"{statementId}: {interaction} {declared.Type}";
                switch (interaction)
                {
                    case Interaction.Read:
                        await AssertReadAsync(statementId, declared.Type!, what);
                        break;
                    case Interaction.SearchType when IgSearchAnswers(statementId, declared.Type!):
                        await AssertIgSearchAsync(statementId, declared.Type!, what);
                        break;
                    case Interaction.SearchType:
                        // Standalone searches: Standalone_searches_the_IG_declares_answer.
                        break;
                    case Interaction.Create:
                        await (await WriteHubAsync()).AssertCreateAsync(statementId, declared.Type!, what);
                        break;
                    case Interaction.Update:
                        await (await WriteHubAsync()).AssertConditionalUpdateAsync(statementId, declared.Type!, what);
                        break;
                    default:
                        Assert.Fail($"{what}: no live check for this interaction yet (add one)");
                        break;
                }
            }
        }
    }

    /// <summary>(b) Each searchInclude / searchRevInclude: an IG search asking it answers at least one included resource of its target type.</summary>
    [TestCaseSource(nameof(SearchStatements))]
    public async Task Every_include_the_IG_statement_declares_answers_included_resources(string statementId)
    {
        var ig = Read(statementId);
        var environment = await SearchHubFor(statementId);
        var requests = AnsweredRequests(statementId);
        foreach (var declared in IgResources(ig))
        {
            var includes = declared.SearchInclude.Select(i => (Include: i, Parameters: new[] { "_include", "_include:iterate" }, Types: IncludedTypes(i)))
                .Concat(declared.SearchRevInclude.Select(i => (Include: i, Parameters: new[] { "_revinclude", "_revinclude:iterate" }, Types: new[] { i.Split(':')[0] })));
            foreach (var (include, parameters, types) in includes)
            {
                var asking = requests.Where(r => parameters.Any(p => QueryValues(r, p).Contains(include))).ToList();
                Assert.That(asking, Is.Not.Empty, $"{statementId}: no IG request of the conformance cases asks {include}");
                foreach (var request in asking)
                {
                    var answer = await SearchAsync(environment.Hub.Http, request.PathAndQuery);
                    var included = answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Include).Select(e => e.Resource!.TypeName).ToList();
                    Assert.That(included, Has.Some.AnyOf(types), $"{statementId}: {include} in '{request.Label}' answers no included {string.Join("/", types)}");
                }
            }
        }
    }

    /// <summary>
    /// (b) The standalone searches the IG's chains end on (GET /Practitioner?identifier=…, /Location?organization=…,
    /// /Organization?identifier=…, /Schedule?actor=…): each answers a searchset holding a resource of an IG answer.
    /// Built on another branch of issue #17: fails here until it is merged.
    /// </summary>
    [TestCaseSource(nameof(SearchStatements))]
    public async Task Standalone_searches_the_IG_declares_answer(string statementId)
    {
        var ig = Read(statementId);
        var environment = await SearchHubFor(statementId);
        var answered = await AnsweredResourcesAsync(statementId);
        var searched = IgResources(ig).Where(r => r.Interaction.Any(i => i.Code == Interaction.SearchType) && !IgSearchAnswers(statementId, r.Type!)).ToList();
        Assert.That(searched, Is.Not.Empty, $"{statementId} declares no standalone search");

        // Every standalone search of the statement is asked, so one run names all that are missing.
        await Assert.MultipleAsync(async () =>
        {
            foreach (var declared in searched)
            {
                var target = answered.FirstOrDefault(r => r.TypeName == declared.Type);
                Assert.That(target, Is.Not.Null, $"{statementId}: no IG answer carries a {declared.Type} to search for");
                if (target is null)
                {
                    continue;
                }

                var query = StandaloneQuery(target);
                using var response = await environment.Hub.Http.GetAsync("fhir/" + query);
                var body = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{statementId}: GET {query}: {body}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var bundle = Strict.Deserialize<Bundle>(body);
                Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset), $"{statementId}: GET {query}");
                Assert.That(bundle.Entry.Select(e => $"{e.Resource?.TypeName}/{e.Resource?.Id}"), Does.Contain($"{target.TypeName}/{target.Id}"), $"{statementId}: GET {query}");
            }
        });
    }

    private static TestCaseData Case(string statementId) => new TestCaseData(statementId).SetArgDisplayNames(statementId);

    private static IEnumerable<CapabilityStatement.ResourceComponent> IgResources(CapabilityStatement ig) =>
        ig.Rest.Where(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server).SelectMany(r => r.Resource);

    // The IG names params by SearchParameter name (SPDateDebutSlot); the hub by wire code (start): same definition.
    // Only _has, special, has no definition: matched by name.
    private static void AssertSearchParams(string statementId, CapabilityStatement.ResourceComponent declared, CapabilityStatement.ResourceComponent served)
    {
        foreach (var param in declared.SearchParam)
        {
            var match = param.Definition is null
                ? served.SearchParam.Where(p => p.Name == param.Name)
                : served.SearchParam.Where(p => p.Definition == param.Definition);
            Assert.That(match, Is.Not.Empty, $"{statementId}: {declared.Type} searchParam {param.Name} ({param.Definition ?? "by name"})");
        }
    }

    private static void AssertWriteFlags(string statementId, CapabilityStatement.ResourceComponent declared, CapabilityStatement.ResourceComponent served)
    {
        if (declared.UpdateCreate == true)
        {
            Assert.That(served.UpdateCreate, Is.True, $"{statementId}: {declared.Type} updateCreate");
        }

        if (declared.ConditionalUpdate == true)
        {
            Assert.That(served.ConditionalUpdate, Is.True, $"{statementId}: {declared.Type} conditionalUpdate");
        }
    }

    /// <summary>
    /// The types an include reaches: the typed target (Schedule:actor:Location), else the FHIR R4 parameter's targets;
    /// the IG's own cptsslot-sp-servicetype declares none: it points at R5's Slot.serviceType, a HealthcareService.
    /// </summary>
    private static string[] IncludedTypes(string include)
    {
        var parts = include.Split(':');
        if (parts.Length == 3)
        {
            return [parts[2]];
        }

        if (include == "Slot:service-type-reference")
        {
            return [nameof(ResourceType.HealthcareService)];
        }

        var definition = ModelInfo.SearchParameters.SingleOrDefault(p => p.Resource == parts[0] && p.Name == parts[1]);
        Assert.That(definition?.Target, Is.Not.Null.And.Not.Empty, $"no target type known for {include}");
        return [.. definition!.Target!.Select(t => t.ToString())];
    }

    private static List<string> QueryValues(IgRequest request, string parameter)
    {
        var query = request.PathAndQuery[request.PathAndQuery.IndexOf('?', StringComparison.Ordinal)..];
        return QueryHelpers.ParseQuery(query).TryGetValue(parameter, out var values) ? [.. values.OfType<string>()] : [];
    }

    // A Slot or Schedule search the IG writes (PS/CPTS Slot, SOS Schedule, with SOS Slots inside it); the others are standalone searches.
    private static bool IgSearchAnswers(string statementId, string type) =>
        type == ConformanceCaseOf(statementId).MatchResourceType || (statementId == Sos && type == nameof(ResourceType.Slot));

    private static ConformanceCase ConformanceCaseOf(string statementId) => ConformanceCases.All.Single(c => c.Name == SearchCases[statementId]);

    private static List<IgRequest> AnsweredRequests(string statementId) =>
        [.. ConformanceCaseOf(statementId).Requests.Where(r => r.Expect == Expectation.ExampleSlots)];

    /// <summary>The query a standalone search of <paramref name="target"/> is asked with, as the IG's chains name it.</summary>
    private static string StandaloneQuery(Resource target) => target switch
    {
        Practitioner practitioner => "Practitioner?identifier=" + Token(practitioner.Identifier),
        Organization organization => "Organization?identifier=" + Token(organization.Identifier),
        Location location => "Location?organization=" + Uri.EscapeDataString(location.ManagingOrganization.Reference),
        Schedule schedule => "Schedule?actor=" + Uri.EscapeDataString(schedule.Actor.Select(a => a.Reference).First(r => r.StartsWith("Practitioner/", StringComparison.Ordinal))),
        _ => throw new AssertionException($"no standalone query for {target.TypeName} yet (add one)"),
    };

    private static string Token(List<Identifier> identifiers)
    {
        var identifier = identifiers.First(i => i.System is "urn:oid:1.2.250.1.71.4.2.1" or "urn:oid:1.2.250.1.71.4.2.2");
        return Uri.EscapeDataString(identifier.System + "|" + identifier.Value);
    }

    private static async Task<CapabilityStatement> MetadataAsync(HttpClient http)
    {
        var response = await http.GetAsync("fhir/metadata");
        return await FhirAssert.ReadAsync<CapabilityStatement>(response, HttpStatusCode.OK);
    }

    private static async Task<Bundle> SearchAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync("fhir/" + pathAndQuery);
        var bundle = await FhirAssert.ReadAsync<Bundle>(response, HttpStatusCode.OK);
        Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset), pathAndQuery);
        return bundle;
    }

    private async Task AssertReadAsync(string statementId, string type, string what)
    {
        var resource = (await AnsweredResourcesAsync(statementId)).FirstOrDefault(r => r.TypeName == type);
        Assert.That(resource, Is.Not.Null, $"{what}: no IG answer carries a {type} to read");
        var http = (await SearchHubFor(statementId)).Hub.Http;
        var read = await FhirAssert.ReadAsync<Resource>(await http.GetAsync($"fhir/{type}/{resource!.Id}"), HttpStatusCode.OK);
        Assert.That((read.TypeName, read.Id), Is.EqualTo((type, resource.Id)), what);
    }

    private async Task AssertIgSearchAsync(string statementId, string type, string what)
    {
        var http = (await SearchHubFor(statementId)).Hub.Http;
        if (type == ConformanceCaseOf(statementId).MatchResourceType)
        {
            foreach (var request in AnsweredRequests(statementId))
            {
                var answer = await SearchAsync(http, request.PathAndQuery);
                Assert.That(answer.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.TypeName), Is.Not.Empty.And.All.EqualTo(type), $"{what}: '{request.Label}'");
            }

            return;
        }

        // SOS Slots: the IG's SOS flow asks no GET /Slot; it searches Slots by SPDateDebutSlot inside the Schedule
        // search (_has:Slot:schedule:start) and gets them by _revinclude. The hub's own GET /Slot is the PS/CPTS search
        // (by practitioner or hub-near around a practitioner's place): SOS slots are not reached that way.
        foreach (var request in AnsweredRequests(statementId))
        {
            Assert.That(QueryValues(request, "_has:Slot:schedule:start"), Is.Not.Empty, $"{what}: '{request.Label}' searches Slots by start");
            var answer = await SearchAsync(http, request.PathAndQuery);
            Assert.That(answer.Entry.Select(e => e.Resource!.TypeName), Has.Some.EqualTo(type), $"{what}: '{request.Label}'");
        }
    }

    private async Task<List<Resource>> AnsweredResourcesAsync(string statementId)
    {
        var http = (await SearchHubFor(statementId)).Hub.Http;
        var resources = new List<Resource>();
        foreach (var request in AnsweredRequests(statementId))
        {
            resources.AddRange((await SearchAsync(http, request.PathAndQuery)).Entry.Select(e => e.Resource!));
        }

        return resources;
    }

    private async Task<HttpClient> HttpFor(string statementId) =>
        SearchCases.ContainsKey(statementId) ? (await SearchHubFor(statementId)).Hub.Http : (await WriteHubAsync()).Hub.Http;

    private async Task<ConformanceEnvironment> SearchHubFor(string statementId)
    {
        var row = ConformanceCaseOf(statementId);
        if (!_searchHubs.TryGetValue(row.Name, out var environment))
        {
            environment = await ConformanceEnvironment.StartAsync(row);
            _searchHubs[row.Name] = environment;
        }

        return environment;
    }

    private async Task<WriteHub> WriteHubAsync() => _writeHub ??= await WriteHub.StartAsync();

    /// <summary>
    /// A hub where publisher alpha writes appointments (INT_R03) for the IG example's practitioner, and the SAS writes
    /// regulator accounts (INT_R02) relayed to a simulated publisher.
    /// </summary>
    private sealed class WriteHub : IAsyncDisposable
    {
        private readonly PublisherSimulator _accountReceiver;
        private readonly HttpClient _client;

        private WriteHub(PublisherSimulator accountReceiver, RunningHub hub)
        {
            _accountReceiver = accountReceiver;
            Hub = hub;
            _client = Publishers.Client(hub.BaseUrl);
        }

        public RunningHub Hub { get; }

        public static async Task<WriteHub> StartAsync()
        {
            var receiver = await RegulatorAccounts.StartPublisherAsync("accounts", 11);
            var hub = new WriteHub(receiver, await RunningHub.StartAsync(RegulatorAccounts.Settings(("pub-accounts", receiver))));
            await Publishers.PublishPractitionerAsync(hub._client, Publishers.AlphaKey, AppointmentInputs.IgPractitioner);
            return hub;
        }

        public async Task AssertCreateAsync(string statementId, string type, string what)
        {
            var response = type switch
            {
                nameof(ResourceType.Appointment) => await _client.SendAsync(Publishers.Post(Publishers.AlphaKey, AppointmentInputs.Json(Appointment(statementId)))),
                nameof(ResourceType.Practitioner) => await _client.SendAsync(RegulatorAccounts.Post(RegulatorAccounts.ByTechnicalId())),
                _ => throw new AssertionException($"{what}: no live create for {type}"),
            };
            using (response)
            {
                var created = await FhirAssert.ReadAsync<Resource>(response, HttpStatusCode.Created);
                Assert.That(created.TypeName, Is.EqualTo(type), what);
            }
        }

        /// <summary>PUT Type?identifier= of an identifier nobody holds creates (updateCreate), then updates the same resource.</summary>
        public async Task AssertConditionalUpdateAsync(string statementId, string type, string what)
        {
            Func<bool, HttpRequestMessage> put = type switch
            {
                nameof(ResourceType.Appointment) => AppointmentPut(statementId),
                nameof(ResourceType.Practitioner) => changed => RegulatorAccounts.Put(
                    "urn:oid:1.2.250.1.71.4.2.1|" + RegulatorAccounts.NationalId,
                    RegulatorAccounts.ByNationalId(email: changed ? "s.loridon@samu.example" : "sebastien.loridon@test.com")),
                _ => throw new AssertionException($"{what}: no live update for {type}"),
            };
            using var first = await _client.SendAsync(put(false));
            var created = await FhirAssert.ReadAsync<Resource>(first, HttpStatusCode.Created);
            using var second = await _client.SendAsync(put(true));
            var updated = await FhirAssert.ReadAsync<Resource>(second, HttpStatusCode.OK);
            Assert.That((updated.TypeName, updated.Id), Is.EqualTo((type, created.Id)), $"{what}: one resource, keyed by its identifier");
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await Hub.DisposeAsync();
            await _accountReceiver.DisposeAsync();
        }

        private static Appointment Appointment(string statementId) => statementId == RdvSos ? AppointmentInputs.Sos() : AppointmentInputs.Ps();

        private static Func<bool, HttpRequestMessage> AppointmentPut(string statementId)
        {
            var appointment = Appointment(statementId);
            return changed =>
            {
                appointment.Status = changed ? Hl7.Fhir.Model.Appointment.AppointmentStatus.Cancelled : Hl7.Fhir.Model.Appointment.AppointmentStatus.Booked;
                return Publishers.Put(Publishers.AlphaKey, AppointmentInputs.Identifier(appointment), AppointmentInputs.Json(appointment));
            };
        }
    }
}
