namespace Sas.Interop.Ingestion.Appointments;

/// <summary>Whether a publisher may book for a practitioner, and why (the reason goes into the 403 as it is).</summary>
/// <param name="Allowed">True: the appointment is accepted.</param>
/// <param name="Basis">The rule that decided: <c>connector</c>, <c>sole-pusher</c>, <c>admin-granted</c>, <c>admin-refused</c>, <c>contested</c> or <c>not-published</c>.</param>
/// <param name="Reason">A sentence for the publisher.</param>
/// <param name="OtherSources">For a push claim: the other sources that hold or roster the practitioner.</param>
internal sealed record BookingVerdict(bool Allowed, string Basis, string Reason, IReadOnlyList<string> OtherSources);
