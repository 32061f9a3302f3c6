using Sas.Interop.Host.Tests;

namespace Sas.Interop.Appointments.Tests;

/// <summary>A wrong appointment setting stops the hub at start-up with a message naming the key.</summary>
[Category("E2E")]
[NonParallelizable]
public sealed class ConfigurationTests
{
    [TestCase("Appointments:Relay:Endpoint", "not a url", "Appointments:Relay:Endpoint: 'not a url' is not an absolute http(s) URL")]
    [TestCase("Appointments:Relay:Endpoint", "ftp://sas.example/fhir", "Appointments:Relay:Endpoint: 'ftp://sas.example/fhir' is not an absolute http(s) URL")]
    [TestCase("Appointments:Relay:BaseDelay", "-00:00:01", "Appointments:Relay:BaseDelay: must be positive")]
    [TestCase("Publishers:alpha:Connectors:0", "nowhere", "Publishers:alpha:Connectors[0]: no connector instance 'nowhere' is configured")]
    public void A_bad_setting_is_refused_at_start_up(string key, string value, string message)
    {
        var settings = Publishers.Settings("http://127.0.0.1:9/fhir");
        settings[key] = value;

        var error = Assert.ThrowsAsync<ArgumentException>(async () => await (await RunningHub.StartAsync(settings)).DisposeAsync());

        Assert.That(error!.Message, Does.Contain(message));
    }
}
