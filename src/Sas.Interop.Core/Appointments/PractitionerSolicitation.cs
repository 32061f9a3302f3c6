namespace Sas.Interop.Core.Appointments;

/// <summary>When the hub last received an SAS appointment for a practitioner ("recently solicited").</summary>
/// <param name="PractitionerNationalId">Prefixed national id.</param>
/// <param name="LastSolicitedAt">Receipt time of the latest appointment booked with them.</param>
/// <param name="Appointments">Appointments booked with them since the hub started counting.</param>
public sealed record PractitionerSolicitation(string PractitionerNationalId, DateTimeOffset LastSolicitedAt, int Appointments);
