using Sas.Interop.Host.Outbox;

namespace Sas.Interop.Host.Regulators;

/// <summary>Wakes the regulator-account relay when a version is stored.</summary>
internal sealed class RegulatorAccountSignal : OutboxSignal;
