namespace Sas.Interop.Core.Storage;

/// <summary>
/// Standard consultation durations per practitioner and mode: declared by the publisher on the places a served slot
/// leads to, else the median length of the practitioner's served free slots offering the mode.
/// </summary>
public interface IStandardDurationStore
{
    /// <summary>
    /// For <paramref name="practitionerNationalIds"/> (every practitioner when null), over the free slots the
    /// PS-individuel search serves starting in [<paramref name="from"/>, <paramref name="until"/>) (no end when null),
    /// fetched at or after <paramref name="fetchedSince"/>. A mode with neither a declaration nor a slot is absent;
    /// a practitioner with none is absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<StandardDuration>>> GetAsync(
        IReadOnlyCollection<string>? practitionerNationalIds, DateTimeOffset from, DateTimeOffset? until, DateTimeOffset? fetchedSince, CancellationToken cancellationToken);
}
