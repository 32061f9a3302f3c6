namespace Sas.Interop.Core.Appointments;

/// <summary>The sources (connector instances, <c>push-&lt;id&gt;</c>) holding data for one practitioner.</summary>
public sealed record PractitionerHolders(string PractitionerNationalId, IReadOnlyList<string> Sources);
