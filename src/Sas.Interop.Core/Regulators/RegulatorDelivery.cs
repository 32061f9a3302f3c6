using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Core.Regulators;

/// <summary>The regulator-account outbox towards one publisher.</summary>
public sealed record RegulatorDelivery(string Publisher, OutboxStatus Status);
