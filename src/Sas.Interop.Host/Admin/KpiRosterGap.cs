namespace Sas.Interop.Host.Admin;

/// <summary>Roster practitioners ("effecteurs") with no free slot in the next <see cref="Days"/> days.</summary>
internal sealed record KpiRosterGap(int Days, int RosterSize, int Count, IReadOnlyList<KpiRosterPractitioner> Practitioners);
