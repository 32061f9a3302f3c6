namespace Sas.Interop.Core.Appointments;

/// <summary>An administrator's decision on a publisher's contested claim to book for a practitioner.</summary>
/// <param name="PractitionerNationalId">Prefixed national id (<c>8</c> + RPPS, <c>0</c> + ADELI).</param>
/// <param name="PublisherId">The claiming publisher (<c>Publishers:&lt;id&gt;</c>).</param>
/// <param name="Granted">True: it may book for the practitioner; false: it may not.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="DecidedBy">The administrator identity that decided, when known.</param>
public sealed record BookingDecision(string PractitionerNationalId, string PublisherId, bool Granted, DateTimeOffset DecidedAt, string? DecidedBy);
