using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Regulators;

/// <summary>
/// Configuration section <c>RegulatorAccounts:Relay</c>: how regulator accounts are paced to publishers. Where they go is
/// each publisher's <c>Connectors:&lt;id&gt;:RegulatorAccounts</c>; the attempt timeout and circuit are its
/// <c>Resilience</c> settings.
/// </summary>
internal sealed class RegulatorAccountRelayOptions : OutboxRelayOptions
{
    public const string SectionName = "RegulatorAccounts:Relay";

    /// <summary>Every problem with these settings, as <c>RegulatorAccounts:Relay:Key: message</c> lines.</summary>
    public IReadOnlyList<string> Problems() => Problems(SectionName);
}
