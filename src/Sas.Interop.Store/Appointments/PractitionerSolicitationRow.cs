namespace Sas.Interop.Store.Appointments;

/// <summary>When the hub last received an SAS appointment for a practitioner.</summary>
internal sealed class PractitionerSolicitationRow
{
    public required string PractitionerNationalId { get; set; }

    public DateTime LastSolicitedAtUtc { get; set; }

    public int Appointments { get; set; }
}
