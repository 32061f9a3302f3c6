using Sas.Interop.Core.Outbox;

namespace Sas.Interop.Core.Regulators;

/// <summary>
/// Regulator accounts the SAS sends (INT_R02) and the outbox that delivers each version to each publisher configured for
/// them (its <see cref="IOutbox"/>: one stream per publisher and account, the destination is the publisher). Storing a
/// version and enqueuing it for every destination are one transaction.
/// </summary>
public interface IRegulatorAccountStore : IOutbox
{
    /// <summary>
    /// Creates or updates the account addressed by <see cref="RegulatorAccountWrite.Address"/> (a conditional update) or,
    /// for a create, by any of the body's identifiers (a create the SAS retries is an update, not a second account); the
    /// account's identifiers become the body's. Appends one outbox row per destination with that stream's next sequence.
    /// </summary>
    Task<RegulatorAccountSaveResult> SaveAsync(RegulatorAccountWrite write, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>The account with this hub id, or null.</summary>
    Task<StoredRegulatorAccount?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Accounts held.</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>The outbox per publisher, for every publisher that has rows.</summary>
    Task<IReadOnlyList<RegulatorDelivery>> DeliveriesAsync(CancellationToken cancellationToken);
}
