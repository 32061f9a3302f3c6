using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Search;

/// <summary>A parsed standalone search (<see cref="ServedResourceSearchParser"/>).</summary>
public sealed record ServedResourceSearchRequest
{
    public required ServedResourceSearch Search { get; init; }

    /// <summary>At most this many match entries (<c>_count</c>); <c>total</c> still counts them all.</summary>
    public required int Count { get; init; }

    public bool Pretty { get; init; }
}
