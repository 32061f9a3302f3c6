namespace Sas.Interop.Model.Tests;

/// <summary>What the last successful sync of one structure's batch said: its free slots in the window, its place, whether its Schedule was inactive, and when it was fetched.</summary>
internal sealed record PulledStructure(DateTimeOffset FetchedAt, IReadOnlyList<AgendaSlot> Slots, int Place, bool ScheduleInactive);
