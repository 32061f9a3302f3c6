namespace Sas.Interop.Core.Storage;

/// <summary>What one scope replacement changed.</summary>
public sealed record ScopeReplaceResult(int SlotsRemoved, int SlotsStored, int SchedulesStored, int PlacesStored, int PractitionersStored);
