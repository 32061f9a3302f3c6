namespace Sas.Interop.Host.Hosting;

/// <summary>
/// What a program built on the hub adds to it (<c>Sas.Interop.Demo</c>, the tests): configuration, services, and
/// hooks around the hub's life. The production hub (<c>Program</c>) passes none of it.
/// </summary>
internal sealed class HubBuildOptions
{
    /// <summary>Nothing added: the hub as operators run it.</summary>
    public static HubBuildOptions None { get; } = new();

    /// <summary>
    /// Configuration sources placed above appsettings.json and below <c>--config</c> files, the environment and the
    /// command line, so that an operator's setting still wins (the demo's publishers and SAS identity).
    /// </summary>
    public IReadOnlyList<IConfigurationSource> ConfigurationSources { get; init; } = [];

    /// <summary>Last-word service overrides, after every hub registration (tests replace the clock with it).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// With no <c>Admin:ApiKeys</c>, /admin and /metrics are open rather than closed: a local sandbox only (the demo).
    /// Not a configuration key, so no configuration mistake can open a real hub.
    /// </summary>
    public bool OpenAdminWithoutKeys { get; init; }

    /// <summary>Runs once the hub listens (the demo's banner, which needs the bound address).</summary>
    public Action<WebApplication>? OnStarted { get; init; }

    /// <summary>
    /// Runs once the hub has stopped, or when it fails to build: what was started for it is released either way
    /// (the demo's simulated publishers).
    /// </summary>
    public Func<ValueTask>? OnStopped { get; init; }
}
