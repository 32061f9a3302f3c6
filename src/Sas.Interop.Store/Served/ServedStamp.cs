namespace Sas.Interop.Store;

/// <summary>One (source, stamp) of a practitioner's <c>served_stamps</c>; a practitioner's list is kept in source order.</summary>
internal readonly record struct ServedStamp(string SourceInstance, long Stamp);
