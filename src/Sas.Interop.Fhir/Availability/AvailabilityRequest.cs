using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Fhir.Availability;

/// <summary>A parsed <c>GET /fhir/Slot/$availability</c> request.</summary>
public sealed record AvailabilityRequest
{
    /// <summary>Prefixed national ids, in request order, each once.</summary>
    public required IReadOnlyList<string> PractitionerNationalIds { get; init; }

    /// <summary>Start of every horizon (the <c>from</c> parameter, or now).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary><c>service-type</c>, read as the Slot search reads it: only slots offering one of each entry's modes count.</summary>
    public IReadOnlyList<ConsultationModes> ModeFilters { get; init; } = [];

    /// <summary><c>_security</c>, read as the Slot search reads it: only slots carrying one of each entry's types count.</summary>
    public IReadOnlyList<SlotTypes> TypeFilters { get; init; } = [];

    /// <summary><c>hub-overbooked</c>, as in the search; null counts both.</summary>
    public bool? Overbooked { get; init; }

    public bool Pretty { get; init; }
}
