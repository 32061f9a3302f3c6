namespace Sas.Interop.Fhir.Availability;

/// <summary>A parsed <c>GET /fhir/Slot/$availability</c> request.</summary>
public sealed record AvailabilityRequest
{
    /// <summary>Prefixed national ids, in request order, each once.</summary>
    public required IReadOnlyList<string> PractitionerNationalIds { get; init; }

    /// <summary>Start of every horizon (the <c>from</c> parameter, or now).</summary>
    public required DateTimeOffset From { get; init; }

    public bool Pretty { get; init; }
}
