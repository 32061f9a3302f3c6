namespace Sas.Interop.Core.Storage;

/// <summary>What one scope replacement changed. <c>SlotsOutOfOrder</c>: incoming slots refused because the stored one has a later <c>meta.lastUpdated</c> (the stored one is kept).</summary>
public sealed record ScopeReplaceResult(int SlotsRemoved, int SlotsStored, int SchedulesStored, int PlacesStored, int PractitionersStored, int SlotsOutOfOrder = 0);
