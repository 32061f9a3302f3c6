using System.Globalization;

namespace Sas.Interop.Host.Metrics;

/// <summary><c>Metrics:RefreshEvery</c>: how often the connector and outbox gauges are read from the store besides after each sync run.</summary>
internal sealed record MetricsOptions(TimeSpan RefreshEvery)
{
    public const string Key = "Metrics:RefreshEvery";

    public static readonly TimeSpan DefaultRefreshEvery = TimeSpan.FromSeconds(15);

    public static MetricsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MetricsOptions(DefaultRefreshEvery);
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var every) || every < TimeSpan.FromSeconds(1) || every > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"{Key}: '{text}' is not a duration between 00:00:01 and 01:00:00, e.g. 00:00:15.");
        }

        return new MetricsOptions(every);
    }
}
