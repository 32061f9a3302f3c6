namespace Sas.Interop.Core.Storage;

/// <summary>Where a practitioner's standard duration for a consultation mode comes from.</summary>
public enum StandardDurationSource
{
    /// <summary>The publisher declared it (fr-core <c>service-type-duration</c>).</summary>
    Declared,

    /// <summary>Nothing declared: the median length of the practitioner's free slots offering the mode.</summary>
    Median,
}
