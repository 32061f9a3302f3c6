namespace Sas.Interop.Store;

/// <summary>
/// One (source, stamp, fetch stamp) of a practitioner's <c>served_stamps</c>; a practitioner's list is kept in source
/// order. <see cref="Stamp"/> follows content, <see cref="FetchStamp"/> updates of fetch times only.
/// </summary>
internal readonly record struct ServedStamp(string SourceInstance, long Stamp, long FetchStamp = 0);
