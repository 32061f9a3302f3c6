namespace Sas.Interop.Host.Admin;

internal sealed record KpiRosterPractitioner(string Instance, string NationalId);
