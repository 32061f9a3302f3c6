namespace Sas.Interop.Ingestion.Appointments;

/// <summary>A publisher's push claim on a practitioner that another source also holds, as <c>/admin/booking-claims</c> lists it.</summary>
/// <param name="Practitioner">Prefixed national id.</param>
/// <param name="Publisher">The claiming publisher.</param>
/// <param name="State"><c>contested</c> (waiting), <c>admin-granted</c> or <c>admin-refused</c>.</param>
/// <param name="OtherSources">The other sources holding or rostering the practitioner.</param>
/// <param name="DecidedAt">When an administrator decided, if one did.</param>
/// <param name="DecidedBy">Who decided.</param>
internal sealed record BookingClaim(string Practitioner, string Publisher, string State, IReadOnlyList<string> OtherSources, DateTimeOffset? DecidedAt, string? DecidedBy);
