using Sas.Interop.Store.Outbox;

namespace Sas.Interop.Store.Appointments;

/// <summary>One version of an appointment to relay to the SAS; its stream is the appointment (its hub id).</summary>
internal sealed class AppointmentOutboxRow : IOutboxRow
{
    public long Id { get; set; }

    /// <summary>The appointment's hub id (column <c>AppointmentHubId</c>).</summary>
    public required string Stream { get; set; }

    public int Sequence { get; set; }

    public required string IdentifierSystem { get; set; }

    public required string IdentifierValue { get; set; }

    public required string ResourceJson { get; set; }

    public int State { get; set; }

    public int Attempts { get; set; }

    public DateTime EnqueuedAtUtc { get; set; }

    public DateTime NextAttemptAtUtc { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? DeliveredAtUtc { get; set; }

    public string? LastError { get; set; }
}
