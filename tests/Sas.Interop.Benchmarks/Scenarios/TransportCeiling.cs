using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sas.Interop.Benchmarks.Measurement;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// What the search could reach if the hub did no work at all: a bare Kestrel app in the same process answers every
/// request with the bytes of a real answer, driven by the same clients for the same time. The gap between this and
/// the hub is the hub's own cost; this figure itself is Kestrel, loopback TCP and the load driver sharing the cores.
/// </summary>
internal static class TransportCeiling
{
    public static async Task<LoadResult> MeasureAsync(byte[] answer, IReadOnlyList<string> paths, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/fhir/Slot", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/fhir+json; charset=utf-8";
            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = BenchmarkHub.NewClient(new Uri(address.TrimEnd('/') + "/"), settings.Clients, TimeSpan.FromSeconds(30));
        var driver = new HttpLoadDriver(client, paths);
        await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.WarmUp, cancellationToken);
        var result = await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.LoadDuration, cancellationToken);
        await app.StopAsync(cancellationToken);
        return result;
    }
}
