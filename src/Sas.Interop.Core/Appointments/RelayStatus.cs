namespace Sas.Interop.Core.Appointments;

/// <summary>The relay's state for /admin.</summary>
/// <param name="Pending">Rows not delivered yet.</param>
/// <param name="Failing">Pending rows whose last attempt failed (retried with backoff).</param>
/// <param name="Refused">Rows the SAS refused for good.</param>
/// <param name="Delivered">Rows delivered.</param>
/// <param name="OldestPendingSince">Enqueue time of the oldest pending row.</param>
/// <param name="LastError">The most recent delivery error, if any.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="LastDeliveredAt">When the last row was delivered.</param>
/// <param name="Appointments">Appointments stored.</param>
public sealed record RelayStatus(
    int Pending,
    int Failing,
    int Refused,
    int Delivered,
    DateTimeOffset? OldestPendingSince,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastDeliveredAt,
    int Appointments);
