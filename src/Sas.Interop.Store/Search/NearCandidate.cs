namespace Sas.Interop.Store;

/// <summary>A slot a hub-near search may answer, before ranking: its row, source key, start and its place's distance.</summary>
internal readonly record struct NearCandidate(long Id, string SourceInstance, string ScheduleNativeId, string NativeId, DateTime StartUtc, double DistanceMeters);
