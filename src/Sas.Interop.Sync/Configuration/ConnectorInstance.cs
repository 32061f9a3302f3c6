using Microsoft.Extensions.Configuration;
using Sas.Interop.Sync.Tls;

namespace Sas.Interop.Sync.Configuration;

/// <summary>One configured connector instance, validated.</summary>
public sealed class ConnectorInstance
{
    internal ConnectorInstance(string id, ConnectorInstanceOptions options, SyncSchedule schedule, Uri baseAddress, IConfigurationSection section, OutboundTls? tls = null)
    {
        Tls = tls;
        Id = id;
        Options = options;
        Schedule = schedule;
        BaseAddress = baseAddress;
        Section = section;
    }

    public string Id { get; }

    public string Type => Options.Type!;

    public ConnectorInstanceOptions Options { get; }

    public Uri BaseAddress { get; }

    /// <summary>Human-readable schedule, e.g. <c>every 00:05:00</c>.</summary>
    public string ScheduleDescription => Schedule.ToString();

    /// <summary>The loaded <c>Tls</c> settings; null: none configured.</summary>
    public OutboundTls? Tls { get; }

    internal SyncSchedule Schedule { get; }

    /// <summary>The longest time between two scheduled runs from <paramref name="from"/> on; null when the instance is manual.</summary>
    public TimeSpan? LongestScheduleGap(DateTimeOffset from) => Schedule.LongestGap(from);

    internal IConfigurationSection Section { get; }

    internal string HttpClientName => "connector:" + Id;

    /// <summary>The client regulator accounts are delivered with: the publisher's base address and TLS, one bounded
    /// attempt per request (the outbox retries, with its persisted backoff).</summary>
    public string RegulatorAccountsHttpClientName => "regulator-accounts:" + Id;
}
