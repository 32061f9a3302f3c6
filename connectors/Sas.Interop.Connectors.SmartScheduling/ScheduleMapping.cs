using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// What a SMART Schedule maps to: its practitioner and place when it can be served (<see cref="RoleId"/> set),
/// else why not (<see cref="Issue"/>; none when it is simply outside the roster).
/// </summary>
internal sealed record ScheduleMapping(string? NationalId, PractitionerName? Name, IngestionIssue? Issue)
{
    public static ScheduleMapping OutsideRoster { get; } = new(null, null, null);

    public string? LocationId { get; init; }

    public string? PractitionerId { get; init; }

    public string? RoleId { get; init; }

    public static ScheduleMapping Skipped(IngestionIssue issue) => new(null, null, issue);
}
