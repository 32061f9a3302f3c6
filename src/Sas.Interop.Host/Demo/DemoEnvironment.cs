using System.Globalization;
using Sas.Interop.Connectors.SasFhir;
using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Host.Demo;

/// <summary>
/// <c>--demo</c>: starts simulated publishers on loopback and configures one connector instance per publisher,
/// so a newcomer sees slots within a minute with nothing else installed.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private static readonly (string Id, int Practitioners, int Seed, string Schedule)[] Publishers =
    [
        ("demo-cabinets", 30, 1, "00:01:00"),
        ("demo-maison-sante", 12, 2, "00:02:00"),
    ];

    private readonly List<PublisherSimulator> _simulators = [];

    private DemoEnvironment()
    {
    }

    public IReadOnlyList<PublisherSimulator> Simulators => _simulators;

    /// <summary>Configuration the demo adds below appsettings overrides, environment and command line.</summary>
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<DemoEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var demo = new DemoEnvironment();
        demo.Configuration["Store:ConnectionString"] = "Data Source=data/sas-interop-demo.db";
        foreach (var (id, practitioners, seed, schedule) in Publishers)
        {
            var simulator = await PublisherSimulator.StartAsync(
                new PublisherSimulatorOptions { Name = id, PractitionerCount = practitioners, Seed = seed, Days = 7 },
                cancellationToken);
            demo._simulators.Add(simulator);
            var prefix = $"Connectors:{id}:";
            demo.Configuration[prefix + "Type"] = SasFhirConnectorType.TypeName;
            demo.Configuration[prefix + "BaseUrl"] = simulator.BaseUrl;
            demo.Configuration[prefix + "Schedule"] = schedule;
            demo.Configuration[prefix + "WindowHours"] = "72";
            for (var i = 0; i < simulator.PractitionerIds.Count; i++)
            {
                demo.Configuration[prefix + "Practitioners:" + i.ToString(CultureInfo.InvariantCulture)] = simulator.PractitionerIds[i];
            }
        }

        return demo;
    }

    /// <summary>A ready-to-paste SAS request for three demo practitioners over the next 72 hours.</summary>
    public string SampleRequest(string hubBaseUrl, DateTimeOffset now)
    {
        var ids = _simulators.SelectMany(s => s.PractitionerIds.Take(2)).Take(3)
            .Select(id => "urn:oid:1.2.250.1.71.4.2.1%7C" + id);
        var from = now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var to = now.ToUniversalTime().AddHours(72).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{hubBaseUrl}/fhir/Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge{from}&start=le{to}&status=free&schedule.actor:Practitioner.identifier={string.Join(',', ids)}";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }
    }
}
