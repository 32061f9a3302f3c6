namespace Sas.Interop.Host.Tests;

/// <summary>
/// The hub's options are validated at start-up all together: an operator with mistakes in several sections reads them
/// all in one message (exit code 2), not one section per attempt.
/// </summary>
[Category("E2E")]
[NonParallelizable]
public sealed class OptionsValidationTests
{
    [Test]
    public void Mistakes_in_several_sections_are_reported_in_one_message()
    {
        var settings = new Dictionary<string, string>
        {
            ["Appointments:Relay:BaseDelay"] = "-00:00:01",
            ["RegulatorAccounts:Relay:PollInterval"] = "00:00:00",
            ["Admin:Unavailabilities:Webhook:Url"] = "not a url",
        };

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(
            error!.Message,
            Does.Contain("Appointments:Relay:BaseDelay: must be positive")
                .And.Contain("RegulatorAccounts:Relay:PollInterval: must be positive")
                .And.Contain("Admin:Unavailabilities:Webhook:Url: 'not a url' is not an absolute http(s) URL"));
    }

    [Test]
    public void Option_mistakes_and_connector_mistakes_are_reported_together()
    {
        var settings = new Dictionary<string, string>
        {
            ["Appointments:Relay:Endpoint"] = "ftp://sas.example/fhir",
            ["Connectors:broken:Type"] = "no-such-type",
            ["Connectors:broken:BaseUrl"] = "http://127.0.0.1:9/fhir",
        };

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(
            error!.Message,
            Does.Contain("Appointments:Relay:Endpoint: 'ftp://sas.example/fhir' is not an absolute http(s) URL")
                .And.Contain("Connectors:broken:Type 'no-such-type' is unknown"));
    }
}
