using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing.Conformance;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// For each row of <see cref="ConformanceCases"/>: the IG's example bundle, served by a loopback publisher, synced
/// through the hub's sas-fhir connector with the hub's clock at the example's time; then the IG's own requests asked
/// of the hub, answers compared slot for slot with the example and checked against the IG profiles.
/// </summary>
[Category("Conformance")]
[NonParallelizable]
public sealed class HubConformanceTests
{
    private static readonly FhirJsonDeserializer Strict = new();

    private readonly Dictionary<string, ConformanceEnvironment> _environments = new(StringComparer.Ordinal);
    private ProfileRuleChecker _checker = null!;

    public static IEnumerable<TestCaseData> Requests() =>
        ConformanceCases.All.SelectMany(c => c.Requests.Select(r => new TestCaseData(c, r).SetArgDisplayNames(c.Name, r.Label)));

    /// <summary>The requests answered with the example's slots (the others answer no entries).</summary>
    public static IEnumerable<TestCaseData> AnsweredRequests() =>
        ConformanceCases.All.SelectMany(c => c.Requests.Where(r => r.Expect == Expectation.ExampleSlots).Select(r => new TestCaseData(c, r).SetArgDisplayNames(c.Name, r.Label)));

    public static IEnumerable<TestCaseData> Cases() =>
        ConformanceCases.All.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));

    [OneTimeSetUp]
    public void LoadChecker() => _checker = ProfileRuleChecker.LoadFromIgPackage(SupplementaryValueSets.FromIgNarrativeAndHl7);

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var environment in _environments.Values)
        {
            await environment.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(Requests))]
    public async Task An_IG_request_gets_the_answer_the_IG_expects(ConformanceCase row, IgRequest request)
    {
        var environment = await EnvironmentFor(row);
        var response = await environment.Hub.Http.GetAsync("fhir/" + request.PathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"), body);

        switch (request.Expect)
        {
            case Expectation.BadRequest:
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
                var outcome = Strict.Deserialize<OperationOutcome>(body);
                Assert.That(outcome.Issue, Is.Not.Empty);
                Assert.That(outcome.Issue.Select(i => i.Diagnostics), Has.All.Not.Null.And.Not.Empty, "every issue says what is wrong");
                break;

            case Expectation.EmptySearchset:
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
                var empty = Strict.Deserialize<Bundle>(body);
                Assert.Multiple(() =>
                {
                    Assert.That(empty.Type, Is.EqualTo(Bundle.BundleType.Searchset));
                    Assert.That(empty.Total, Is.Zero);
                    Assert.That(empty.Entry, Is.Empty);
                });
                AssertNoProfileErrors(empty, row);
                break;

            case Expectation.ExampleSlots:
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
                var answer = Strict.Deserialize<Bundle>(body);
                var expected = SlotDescriptions.Of(environment.Example);
                Assert.That(SlotDescriptions.Of(answer), Is.EqualTo(expected), "slot for slot, with what each hangs on");
                TestContext.Out.WriteLine("Slots:\n  " + string.Join("\n  ", expected));
                AssertSearchsetShape(answer, row);
                AssertNoProfileErrors(answer, row);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Expect, null);
        }
    }

    /// <summary>
    /// Issue #17, done when: every entry's fullUrl of the flow's answers reads (200) as the entry's resource, JSON for
    /// JSON. Contained resources (a PractitionerRole's #loc) are not entries and have no URL of their own.
    /// </summary>
    [TestCaseSource(nameof(AnsweredRequests))]
    public async Task Every_entry_of_an_answer_reads_by_its_fullUrl_as_the_same_resource(ConformanceCase row, IgRequest request)
    {
        var environment = await EnvironmentFor(row);
        var answer = Strict.Deserialize<Bundle>(await environment.Hub.Http.GetStringAsync("fhir/" + request.PathAndQuery));
        Assert.That(answer.Entry, Is.Not.Empty);
        foreach (var entry in answer.Entry)
        {
            var response = await environment.Hub.Http.GetAsync(entry.FullUrl);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{entry.FullUrl}: {body}");
            var read = Strict.Deserialize<Resource>(body);
            Assert.That(read.IsExactly(entry.Resource!), Is.True, $"{entry.FullUrl}\nread:  {body}\nentry: {FhirJson.Serialize(entry.Resource!)}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task The_sync_of_the_example_succeeds(ConformanceCase row)
    {
        var environment = await EnvironmentFor(row);

        Assert.That(environment.SyncSummary, Does.Contain("\"status\":\"succeeded\""), environment.SyncSummary);
    }

    private static void AssertSearchsetShape(Bundle bundle, ConformanceCase row)
    {
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        var contained = resources.OfType<DomainResource>().SelectMany(r => r.Contained).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
            Assert.That(bundle.Meta?.Profile, Is.EqualTo(new[] { row.BundleProfile }), "Bundle meta.profile");
            Assert.That(bundle.Total, Is.EqualTo(bundle.Entry.Count(e => e.Search?.Mode == Bundle.SearchEntryMode.Match)), "Bundle.total = number of matches (Slots; Schedules for SOS)");
            Assert.That(bundle.SelfLink, Is.Not.Null, "link[self]");
            Assert.That(bundle.Entry.Select(e => e.FullUrl), Has.All.Not.Null.And.Not.Empty, "fullUrl on every entry");
            Assert.That(bundle.Entry.Select(e => e.FullUrl).Distinct().Count(), Is.EqualTo(bundle.Entry.Count), "fullUrls are unique");
            foreach (var entry in bundle.Entry)
            {
                var resource = entry.Resource!;
                Assert.That(entry.FullUrl, Does.EndWith($"/{resource.TypeName}/{resource.Id}"), "fullUrl names the resource");
                var expectedMode = resource.TypeName == row.MatchResourceType ? Bundle.SearchEntryMode.Match : Bundle.SearchEntryMode.Include;
                Assert.That(entry.Search?.Mode, Is.EqualTo(expectedMode), $"search.mode of {resource.TypeName}/{resource.Id}");
            }

            foreach (var resource in resources.Concat(contained))
            {
                Assert.That(row.ResourceProfiles, Does.ContainKey(resource.TypeName), $"{resource.TypeName} is not a resource of this flow");
                Assert.That(resource.Meta?.Profile, Is.EqualTo(new[] { row.ResourceProfiles.GetValueOrDefault(resource.TypeName) }), $"meta.profile of {resource.TypeName}/{resource.Id}");
            }
        });
    }

    private void AssertNoProfileErrors(Bundle bundle, ConformanceCase row)
    {
        var findings = _checker.Check(bundle).ToList();
        foreach (var resource in bundle.Entry.Select(e => e.Resource!))
        {
            findings.AddRange(_checker.Check(resource));
        }

        // Digest §10.4: the CPTS/SOS Bundle profiles require entries (4..*, one per slice), so an empty searchset
        // (what the FAQ says to send when nothing matches) cannot meet them; only that is tolerated.
        var errors = findings.Where(f => f.IsError)
            .Where(f => !(row.Flow != SearchFlow.Ps && bundle.Entry.Count == 0 && f.Location.StartsWith("Bundle.entry", StringComparison.Ordinal)))
            .ToList();
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        TestContext.Out.WriteLine($"{findings.Count(f => !f.IsError)} rule(s) skipped, e.g.:\n  " + string.Join("\n  ", findings.Where(f => !f.IsError).Select(f => f.Rule).Distinct().Take(8)));
    }

    private async Task<ConformanceEnvironment> EnvironmentFor(ConformanceCase row)
    {
        if (row.NotServedYet is { } reason)
        {
            Assert.Ignore(reason);
        }

        if (!_environments.TryGetValue(row.Name, out var environment))
        {
            environment = await ConformanceEnvironment.StartAsync(row);
            _environments[row.Name] = environment;
        }

        return environment;
    }
}
