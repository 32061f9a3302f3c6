using Sas.Interop.Core.Configuration;

namespace Sas.Interop.Core.Time;

/// <summary>
/// The hub's one civil time zone: French civil time (Europe/Paris), whatever the server's zone. KPI days, opening
/// hours, search dates without an offset, availability horizons, the daily snapshot and the AgendaPlus platform all
/// read it here. Looked up once; without the system's time zone data (no tzdata package) the hub refuses to start
/// (<see cref="EnsureAvailable"/>) rather than compute French days in another zone.
/// </summary>
public static class ParisTime
{
    public const string ZoneId = "Europe/Paris";

    // Lazy, not a static initialiser: a missing zone then surfaces as itself, not wrapped in a TypeInitializationException.
    private static readonly Lazy<TimeZoneInfo> Loaded = new(() => Load(ZoneId, TimeZoneInfo.FindSystemTimeZoneById));

    /// <summary>Europe/Paris; throws a <see cref="HubConfigurationException"/> when the system does not know it.</summary>
    public static TimeZoneInfo Zone => Loaded.Value;

    /// <summary>Called at start-up, so a system without the zone stops the hub at once with a readable message.</summary>
    public static void EnsureAvailable() => _ = Zone;

    /// <summary>Looks <paramref name="zoneId"/> up with <paramref name="find"/>; a zone it cannot find or read becomes a <see cref="HubConfigurationException"/> that says what to install.</summary>
    internal static TimeZoneInfo Load(string zoneId, Func<string, TimeZoneInfo> find)
    {
        try
        {
            return find(zoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new HubConfigurationException(
                $"the time zone '{zoneId}' is not known to this system ({ex.Message}). French days, opening hours and search dates need it: install the time zone database (the tzdata package) or correct TZDIR.",
                ex);
        }
    }
}
