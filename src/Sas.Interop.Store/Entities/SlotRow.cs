namespace Sas.Interop.Store.Entities;

/// <summary>
/// One slot. Times are stored as UTC <see cref="DateTime"/> plus the publisher's offset: EF's SQLite provider
/// cannot compare <see cref="DateTimeOffset"/> in SQL, and the offset lets the facade answer in the publisher's terms.
/// </summary>
internal sealed class SlotRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string ScheduleNativeId { get; set; }

    /// <summary>PS/CPTS agendas: prefixed national id of the practitioner (the SAS searches on it).</summary>
    public string? PractitionerNationalId { get; set; }

    /// <summary>SOS agendas: prefixed SIRET of the association (the SAS searches on it).</summary>
    public string? OrganizationNationalId { get; set; }

    /// <summary>Native ids of the CPTS HealthcareServices the slot is visible to.</summary>
    public string CptsServicesJson { get; set; } = "[]";

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public int StartOffsetMinutes { get; set; }

    public int EndOffsetMinutes { get; set; }

    public int Status { get; set; }

    public int Types { get; set; }

    public int Modes { get; set; }

    public int AppointmentKind { get; set; }

    public string SpecialtiesJson { get; set; } = "[]";

    public string MotivesJson { get; set; } = "[]";

    public string? BookingUrl { get; set; }

    /// <summary><c>Slot.overbooked</c> (surbooking): a hub filter (<c>hub-overbooked</c>) and a KPI.</summary>
    public bool Overbooked { get; set; }

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

    /// <summary>
    /// When the hub booked this slot (an appointment a publisher sent it); null once a later publisher fact replaced
    /// that booking. The newest fact wins: a publisher answer fetched before this instant does not overwrite the row.
    /// </summary>
    public DateTime? BookedAtUtc { get; set; }

    /// <summary>
    /// Inside an unavailability of its place, or of an inactive place or schedule (truth.md R7): stored, never served.
    /// Derived from the place and schedule rows (<see cref="UnavailabilityWithholding"/>) after every write.
    /// </summary>
    public bool Unavailable { get; set; }

    /// <inheritdoc/>
    public long? Version { get; set; }

    /// <inheritdoc/>
    public DateTime? VersionedAtUtc { get; set; }

    /// <summary>
    /// What the facade serves for this row, rendered when it was written (<see cref="Core.Storage.IServedResourceRenderer"/>);
    /// null when written without a renderer. Derived from the other columns, never compared by the upserts.
    /// </summary>
    public byte[]? ServedJson { get; set; }
}
