namespace Sas.Interop.Core.Outbox;

/// <summary>Where an outbox row stands.</summary>
public enum OutboxState
{
    /// <summary>Not delivered yet; retried at its next attempt time.</summary>
    Pending = 0,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>The receiver refused it for good (a 4xx other than 408/429); not retried, shown in /admin.</summary>
    Refused = 2,
}
