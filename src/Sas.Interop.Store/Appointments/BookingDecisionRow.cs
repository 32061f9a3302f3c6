namespace Sas.Interop.Store.Appointments;

/// <summary>An administrator's decision on a publisher's contested claim to book for a practitioner.</summary>
internal sealed class BookingDecisionRow
{
    public required string PractitionerNationalId { get; set; }

    public required string PublisherId { get; set; }

    public bool Granted { get; set; }

    public DateTime DecidedAtUtc { get; set; }

    public string? DecidedBy { get; set; }
}
