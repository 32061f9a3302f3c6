namespace Sas.Interop.Store.Entities;

internal sealed class ScheduleRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    /// <summary>PS/CPTS agendas: the practitioner; null for SOS.</summary>
    public string? PractitionerNativeId { get; set; }

    /// <summary>PS/CPTS agendas: the PractitionerRole; null for SOS.</summary>
    public string? PlaceNativeId { get; set; }

    /// <summary>SOS agendas: the fixed consultation place; null for PS/CPTS.</summary>
    public string? LocationNativeId { get; set; }

    /// <summary><c>Schedule.active</c> = false: every slot of the agenda is withheld. (Stored negated so existing rows read as active.)</summary>
    public bool Inactive { get; set; }

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }

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
