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

    [TestCase("sos", "Flow 'sos' is not supported yet by the sas-fhir connector; only 'ps' (PS individuel, INT_R01) is.")]
    [TestCase("cpts", "Flow 'cpts' is not supported yet by the sas-fhir connector; only 'ps' (PS individuel, INT_R01) is.")]
    [TestCase("agenda", "Flow 'agenda' is unknown; the sas-fhir connector supports 'ps' (PS individuel, INT_R01).")]
    public void Only_the_ps_flow_is_supported(string flow, string expected)
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(BaseUrl, ["810100050075"], flow: flow)).ToList();

        Assert.That(errors, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void All_problems_are_reported_at_once()
    {
        var errors = Type.ValidateConfiguration(ConnectorHarness.Section(null, ["x"], batchSize: 30, flow: "sos")).ToList();

        Assert.That(errors, Has.Count.EqualTo(4));
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
}
