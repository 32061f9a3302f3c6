using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Sas.Interop.Demo;

/// <summary>The log lines that tell a newcomer what runs and what to try: ready-to-paste requests with real ids and dates.</summary>
internal static class DemoBanner
{
    public static void Log(WebApplication app, DemoEnvironment demo)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sas.Interop.Demo");
        var requests = demo.SampleRequests(address.TrimEnd('/'), app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        logger.LogInformation(
            "Demo mode: {Count} simulated publishers ({Publishers}) are synced on their schedules into SQLite. Try, as the SAS (PS individuel, CPTS, SOS Médecins, the hub's hub-near and $availability extensions, then a regulator account relayed to the PS publishers):{NewLine}{Requests}{NewLine}  {RegulatorAccount}{NewLine}  curl {Address}/admin/connectors{NewLine}  curl {Address}/admin/regulator-accounts/relay",
            demo.PublisherUrls.Count,
            string.Join(", ", demo.PublisherUrls),
            Environment.NewLine,
            string.Join(Environment.NewLine, requests.Select(r => $"  curl -H 'X-Api-Key: {DemoEnvironment.SasApiKey}' '{r}'")),
            Environment.NewLine,
            DemoEnvironment.RegulatorAccountSample(address.TrimEnd('/')),
            Environment.NewLine,
            address.TrimEnd('/'),
            Environment.NewLine,
            address.TrimEnd('/'));
    }
}
