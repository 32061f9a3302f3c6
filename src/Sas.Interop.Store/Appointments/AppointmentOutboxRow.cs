namespace Sas.Interop.Store.Appointments;

/// <summary>
/// One version of an appointment to relay to the SAS. Rows live in the database, so what is not delivered when the
/// hub stops is delivered after it starts again; the backoff (next attempt time) is kept with the row.
/// </summary>
internal sealed class AppointmentOutboxRow
{
    public long Id { get; set; }

    public required string AppointmentHubId { get; set; }

    public int Sequence { get; set; }

    public required string IdentifierSystem { get; set; }

    public required string IdentifierValue { get; set; }

    public required string ResourceJson { get; set; }

    /// <summary><see cref="Core.Appointments.OutboxState"/>.</summary>
    public int State { get; set; }

    public int Attempts { get; set; }

    public DateTime EnqueuedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? DeliveredAtUtc { get; set; }

    public string? LastError { get; set; }
}
