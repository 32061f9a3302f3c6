using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// What a SMART Schedule maps to: its practitioner and place when it can be served (<see cref="RoleId"/> set), or
/// its structure (<see cref="OrganizationId"/> set, <see cref="NationalId"/> the structure's), else why not
/// (<see cref="Issue"/>; none when it is simply outside the roster).
/// </summary>
internal sealed record ScheduleMapping(string? NationalId, PractitionerName? Name, IngestionIssue? Issue)
{
    public static ScheduleMapping OutsideRoster { get; } = new(null, null, null);

    public string? LocationId { get; init; }

    public string? PractitionerId { get; init; }

    public string? RoleId { get; init; }

    /// <summary>
    /// <c>communication</c> of the publisher's Practitioner resource, when the Schedule names one (not in the SMART
    /// spec, which has no Practitioner; a publisher may still list them): the languages spoken.
    /// </summary>
    public IReadOnlyList<Hl7.Fhir.Model.CodeableConcept> Languages { get; init; } = [];

    /// <summary>The hub id of the structure's Organization, for a structure agenda.</summary>
    public string? OrganizationId { get; init; }

    public bool Served => RoleId is not null || OrganizationId is not null;

    public static ScheduleMapping Skipped(IngestionIssue issue) => new(null, null, issue);
}
