using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Search;

/// <summary>A parsed and validated SOS Médecins <c>GET /fhir/Schedule</c> request.</summary>
public sealed record SosScheduleSearchRequest
{
    public required SosSearchCriteria Criteria { get; init; }

    /// <summary><c>_revinclude=Slot:schedule</c> was asked.</summary>
    public bool IncludeSlots { get; init; }

    /// <summary><c>_include=Schedule:actor:Location</c> was asked.</summary>
    public bool IncludeLocations { get; init; }

    /// <summary><c>_include:iterate=Location:organization</c> was asked (with the Locations).</summary>
    public bool IncludeOrganizations { get; init; }

    public bool Pretty { get; init; }
}
