using Microsoft.Extensions.Configuration;
using Sas.Interop.Connectors.Abstractions;

namespace Sas.Interop.Connectors.SasFhir.Tests.Connector;

public sealed class SasFhirConfigurationTests
{
    private const string BaseUrl = "https://publisher.example/fhir";
    private static readonly SasFhirConnectorType Type = new();

    [Test]
    public void Type_name_is_sas_fhir() => Assert.That(Type.Name, Is.EqualTo("sas-fhir"));

    [Test]
    public void A_valid_configuration_has_no_errors()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075", "10002673899", "0123456789", "123456789"], batchSize: 10, flow: "PS"));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void The_declared_roster_is_the_prefixed_keys_the_flow_searches_by()
    {
        var ps = Type.ReadRoster(ConnectorHarness.Section(BaseUrl, ["810100050075", " 10002673899", "810100050075"], flow: "cpts"));
        var sos = Type.ReadRoster(ConnectorHarness.SosSection(BaseUrl, ["34173748400020", "392080466300010"]));
        var invalid = Type.ReadRoster(ConnectorHarness.Section(BaseUrl, ["12345"]));

        Assert.Multiple(() =>
        {
            Assert.That(ps, Is.Not.Null);
            Assert.That(ps!.Kind, Is.EqualTo(Core.Sync.SyncScopeKind.Practitioner));
            Assert.That(ps.Keys, Is.EqualTo(new[] { "810100050075", "810002673899" }), "prefixed as the batches carry them, once each");
            Assert.That(sos!.Kind, Is.EqualTo(Core.Sync.SyncScopeKind.Organization));
            Assert.That(sos.Keys, Is.EqualTo(new[] { "334173748400020", "392080466300010" }));
            Assert.That(invalid, Is.Null, "an invalid configuration has no roster (the hub refuses to start with it anyway)");
        });
    }

    [Test]
    public void Practitioners_are_required()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, null)).ToList();

        Assert.That(errors, Has.One.StartsWith("Practitioners is required"));
    }

    [Test]
    public void Each_bad_practitioner_is_reported_with_its_index()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075", "12345", "810100050075", "ABC"])).ToList();

        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("Practitioners[1]: '12345' is not a practitioner national identifier"));
        Assert.That(errors[1], Does.StartWith("Practitioners[3]: 'ABC' is not a practitioner national identifier"));
    }

    [Test]
    public void A_comma_separated_string_of_practitioners_is_accepted()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["c:BaseUrl"] = BaseUrl, ["c:Practitioners"] = "810100050075, 10002673899" })
            .Build().GetSection("c");

        Assert.That(Type.ValidateConfiguration(section), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(26)]
    public void BatchSize_must_be_1_to_25(int size)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], batchSize: size)).ToList();

        Assert.That(errors, Is.EqualTo(new[] { $"BatchSize must be a whole number from 1 to 25 (the IG allows at most 25 practitioners per search); got '{size}'." }));
    }

    [TestCase(null, "BaseUrl is required")]
    [TestCase("publisher.example/fhir", "is not an absolute http(s) URL")]
    [TestCase("ftp://publisher.example/fhir", "is not an absolute http(s) URL")]
    [TestCase("https://publisher.example/fhir?x=1", "must not carry a query")]
    public void BaseUrl_must_be_an_absolute_http_URL(string? baseUrl, string expected)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(baseUrl, ["810100050075"])).ToList();

        Assert.That(errors, Has.One.Contains(expected));
    }

    [TestCase(null)]
    [TestCase("ps")]
    [TestCase(" CPTS ")]
    [TestCase("cpts")]
    public void The_ps_and_cpts_flows_take_practitioners(string? flow)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], flow: flow));

        Assert.That(errors, Is.Empty);
    }

    [TestCase("sos")]
    [TestCase("SOS")]
    public void The_sos_flow_takes_organizations_bare_or_prefixed(string flow)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, null, batchSize: 25, flow: flow, organizations: ["34173748400020", " 392080466300010 "]));

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void An_unknown_flow_is_refused_naming_the_four_flows()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], flow: "agenda")).ToList();

        Assert.That(errors, Is.EqualTo(new[] { "Flow 'agenda' is unknown; the sas-fhir connector supports 'ps' (PS individuel, INT_R01), 'cpts' (CPTS, INT_R04), 'sos' (SOS Médecins) and 'structure' (structure agendas: centres de santé, MSP…)." }));
    }

    [Test]
    public void The_structure_flow_rosters_FINESS_and_SIRET_by_organization_and_refuses_an_RPPS_rang()
    {
        var roster = Type.ReadRoster(ConnectorHarness.Section(BaseUrl, null, flow: "structure", organizations: ["750000001", "1750000002", "34173748400020"]));
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, null, flow: "structure", organizations: ["41234567891"])).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(roster!.Kind, Is.EqualTo(Core.Sync.SyncScopeKind.Organization));
            Assert.That(roster.Keys, Is.EqualTo(new[] { "1750000001", "1750000002", "334173748400020" }));
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0], Does.Contain("Organizations[0]").And.Contain("not a FINESS or a SIRET"));
        });
    }

    [Test]
    public void The_sos_flow_requires_organizations()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.SosSection(BaseUrl, null)).ToList();

        Assert.That(errors, Is.EqualTo(new[] { "Organizations is required for Flow 'sos': a non-empty list of SOS Médecins association SIRETs (14 digits, bare or with the '3' prefix), e.g. [\"34173748400020\"]." }));
    }

    [Test]
    public void The_sos_flow_refuses_practitioners()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], flow: "sos", organizations: ["34173748400020"])).ToList();

        Assert.That(errors, Is.EqualTo(new[] { "Practitioners is not used by Flow 'sos': the SOS Médecins search is by association; list their SIRETs under Organizations." }));
    }

    [TestCase(null, "ps")]
    [TestCase("cpts", "cpts")]
    public void The_ps_and_cpts_flows_refuse_organizations(string? flow, string named)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], flow: flow, organizations: ["34173748400020"])).ToList();

        Assert.That(errors, Is.EqualTo(new[] { $"Organizations is only used by Flow 'sos' (SOS Médecins associations); Flow '{named}' searches by practitioner: list them under Practitioners." }));
    }

    [Test]
    public void Each_bad_SIRET_is_reported_with_its_index()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.SosSection(BaseUrl, ["34173748400020", "1234", "334173748400020", "434173748400020", "1950047225"])).ToList();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "Organizations[1]: '1234' is not a SIRET: expected 14 digits, or 15 with the '3' prefix.",
            "Organizations[3]: '434173748400020' is not a SIRET: expected 14 digits, or 15 with the '3' prefix.",
            "Organizations[4]: '1950047225' is not a SIRET: expected 14 digits, or 15 with the '3' prefix.",
        }));
    }

    [Test]
    public void A_comma_separated_string_of_organizations_is_accepted()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["c:BaseUrl"] = BaseUrl, ["c:Flow"] = "sos", ["c:Organizations"] = "34173748400020, 392080466300010" })
            .Build().GetSection("c");

        Assert.That(Type.ValidateConfiguration(section), Is.Empty);
    }

    [TestCase(0)]
    [TestCase(26)]
    public void The_sos_BatchSize_must_be_1_to_25_too(int size)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.SosSection(BaseUrl, ["34173748400020"], batchSize: size)).ToList();

        Assert.That(errors, Is.EqualTo(new[] { $"BatchSize must be a whole number from 1 to 25 (the IG allows at most 25 SIRETs per SOS search; the SAS itself sends at most 10); got '{size}'." }));
    }

    [Test]
    public void All_problems_are_reported_at_once()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(null, ["x"], batchSize: 30)).ToList();
        var sosErrors = Type.ValidateConfiguration(ConnectorHarness.Section(null, ["x"], batchSize: 30, flow: "sos")).ToList();

        Assert.That(errors, Has.Count.EqualTo(3), string.Join(Environment.NewLine, errors));
        Assert.That(sosErrors, Has.Count.EqualTo(4), string.Join(Environment.NewLine, sosErrors));
    }

    [Test]
    public void Create_refuses_an_invalid_configuration_readably()
    {
        using var harness = new ConnectorHarness();

        Assert.That(() => harness.Create(ConnectorHarness.Section(null, ["810100050075"]), null),
            Throws.InvalidOperationException.With.Message.Contains("'sim-publisher' (sas-fhir) is misconfigured: BaseUrl is required"));
    }

    [Test]
    public async Task The_roster_is_normalised_deduplicated_and_kept_in_order()
    {
        using var harness = new ConnectorHarness();
        // Nothing listens there on purpose: only the scopes matter here.
        var connector = harness.Create(ConnectorHarness.Section($"http://127.0.0.1:{ConnectorHarness.UnusedPort()}/fhir", [" 10100050075 ", "810002673899", "810100050075", "123456789"], batchSize: 2), null);

        var batches = await ConnectorHarness.FetchAllAsync(connector, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.That(batches.Select(b => b.Scope.Keys), Is.EqualTo(new[] { new[] { "810100050075", "810002673899" }, new[] { "0123456789" } }));
        Assert.That(batches.Select(b => b.Failure?.Kind), Has.All.EqualTo(ConnectorFailureKind.Network));
    }

    [Test]
    public async Task The_sos_roster_is_prefixed_deduplicated_and_batched_by_10_by_default()
    {
        using var harness = new ConnectorHarness();
        var sirets = Enumerable.Range(1, 23).Select(i => $"{i:00000000000000}").ToList();
        var connector = harness.Create(ConnectorHarness.SosSection($"http://127.0.0.1:{ConnectorHarness.UnusedPort()}/fhir", [.. sirets, "3" + sirets[0]]), null);

        var batches = await ConnectorHarness.FetchAllAsync(connector, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.That(batches.Select(b => b.Scope.Keys.Count), Is.EqualTo(new[] { 10, 10, 3 }));
        Assert.That(batches.SelectMany(b => b.Scope.Keys), Is.EqualTo(sirets.Select(s => "3" + s)));
        Assert.That(batches.Select(b => b.Scope.Kind), Has.All.EqualTo(Sas.Interop.Core.Sync.SyncScopeKind.Organization));
    }
}
