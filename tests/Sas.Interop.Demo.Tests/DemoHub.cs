using Sas.Interop.Host.Tests;
using Sas.Interop.Testing.Databases;

namespace Sas.Interop.Demo.Tests;

/// <summary>
/// A hub with the demo's configuration on a test database, every instance on a manual schedule, so a demo test
/// syncs exactly the simulated publishers it looks at.
/// </summary>
internal static class DemoHub
{
    public static Task<RunningHub> StartAsync(DemoEnvironment demo, TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var settings = demo.Configuration
            .Where(c => c.Value is not null && !c.Key.StartsWith("Store:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        foreach (var key in settings.Keys.Where(k => k.EndsWith(":Schedule", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            settings[key] = "manual";
        }

        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        return RunningHub.StartAsync(settings);
    }
}
