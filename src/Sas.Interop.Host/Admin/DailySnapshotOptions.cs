using System.Globalization;

namespace Sas.Interop.Host.Admin;

/// <summary><c>Admin:SnapshotEvery</c>: the shortest time between two post-sync writes of today's KPI snapshot.</summary>
internal sealed record DailySnapshotOptions(TimeSpan Every)
{
    public const string Key = "Admin:SnapshotEvery";

    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMinutes(5);

    public static DailySnapshotOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new DailySnapshotOptions(DefaultEvery);
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var every) || every < TimeSpan.Zero || every > TimeSpan.FromDays(1))
        {
            throw new InvalidOperationException($"{Key}: '{text}' is not a duration between 00:00:00 (after every sync) and 1.00:00:00, e.g. 00:05:00.");
        }

        return new DailySnapshotOptions(every);
    }
}
