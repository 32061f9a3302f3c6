using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Search;

/// <summary>A parsed and validated <c>GET /fhir/Slot</c> request.</summary>
public sealed record SlotSearchRequest
{
    public required SlotSearchCriteria Criteria { get; init; }

    /// <summary><c>_include=Slot:schedule</c> was asked.</summary>
    public bool IncludeSchedules { get; init; }

    /// <summary><c>_include:iterate=Schedule:actor</c> (or <c>_include=Schedule:actor</c>) was asked.</summary>
    public bool IncludeScheduleActors { get; init; }

    /// <summary><c>_include=Slot:service-type-reference</c> was asked: the CPTS flow (INT_R04).</summary>
    public bool IncludeCptsServices { get; init; }

    /// <summary><c>_include:iterate=HealthcareService:organization</c> was asked.</summary>
    public bool IncludeCptsOrganizations { get; init; }

    /// <summary><c>_pretty=true</c> was asked.</summary>
    public bool Pretty { get; init; }

    /// <summary><c>_sort=hub-open-now</c> was asked: places open at search time first (the endpoint sets <see cref="SlotSearchCriteria.OpenFirstAt"/>).</summary>
    public bool SortOpenNowFirst { get; init; }
}
