namespace Sas.Interop.Store.Appointments;

/// <summary>The latest version of an appointment a publisher sent, keyed by (publisher, identifier).</summary>
internal sealed class AppointmentRow
{
    public long Id { get; set; }

    /// <summary>The hub's id (in <c>Location</c>); stable across updates.</summary>
    public required string HubId { get; set; }

    public required string PublisherId { get; set; }

    public required string IdentifierSystem { get; set; }

    public required string IdentifierValue { get; set; }

    public required string Status { get; set; }

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public string? PractitionerNationalId { get; set; }

    public string? SlotSourceInstance { get; set; }

    public string? SlotNativeId { get; set; }

    public required string ResourceJson { get; set; }

    /// <summary>
    /// The SAS's id of the appointment, from the <c>Location</c> of its answer to the creation; later versions update
    /// that resource by id. Null until known: they are then sent as a conditional update on the identifier.
    /// </summary>
    public string? SasId { get; set; }

    /// <summary>Sequence of the latest version enqueued for the SAS.</summary>
    public int LastSequence { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
