using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// Schedules (the matches: one per fixed consultation place) having slots in the window, with those slots, their
/// places and associations.
/// </summary>
public sealed record SosSearchResult(
    IReadOnlyList<CanonicalSchedule> Schedules,
    IReadOnlyList<CanonicalSlot> Slots,
    IReadOnlyList<CanonicalLocation> Locations,
    IReadOnlyList<CanonicalOrganization> Organizations)
{
    public static SosSearchResult Empty { get; } = new([], [], [], []);
}
