using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Geography;

/// <summary>
/// Whether a slot answers a <c>hub-near</c> search around the patient's point: a home visit (<c>HH</c>) comes to the
/// patient, so it matches when the patient lies inside the practitioner's perimeter (centred on the place); a slot at
/// the practice (<c>AMB</c>) or a teleconsultation (<c>VR</c>) matches when the place lies within the searched
/// distance, as before. A slot offering several modes matches when one of its (asked-for) modes does.
/// </summary>
public static class HomeVisitReach
{
    /// <summary>
    /// The perimeter is no more than this (a home visit beyond it is not a home visit; a larger value is junk).
    /// Equal to hub-near's own limit, so that one bounding box finds every place that can reach the patient.
    /// </summary>
    public const double MaxRadiusMeters = 100_000;

    /// <param name="slotModes">The slot's modes.</param>
    /// <param name="modeFilters">The search's <c>service-type</c> entries (any-of masks, ANDed): only the modes asked for decide.</param>
    /// <param name="distanceMeters">From the patient's point to the place.</param>
    /// <param name="searchRadiusMeters">hub-near's distance.</param>
    /// <param name="homeVisitRadiusMeters">The place's declared perimeter; null: none declared, so an <c>HH</c> slot falls back to the searched distance.</param>
    public static bool Matches(ConsultationModes slotModes, IReadOnlyList<ConsultationModes> modeFilters, double distanceMeters, double searchRadiusMeters, double? homeVisitRadiusMeters)
    {
        var modes = AskedModes(slotModes, modeFilters);
        var homeVisit = (modes & ConsultationModes.HomeVisit) != 0;
        var elsewhere = modes == ConsultationModes.None || (modes & ~ConsultationModes.HomeVisit) != 0;
        return (elsewhere && distanceMeters <= searchRadiusMeters)
            || (homeVisit && distanceMeters <= (homeVisitRadiusMeters ?? searchRadiusMeters));
    }

    // The slot's modes that satisfy every service-type entry; when no single mode does (AMB asked AND HH asked, the
    // slot offering both), the slot's modes any entry asked for.
    private static ConsultationModes AskedModes(ConsultationModes slotModes, IReadOnlyList<ConsultationModes> modeFilters)
    {
        if (modeFilters.Count == 0)
        {
            return slotModes;
        }

        var all = modeFilters.Aggregate(slotModes, (modes, filter) => modes & filter);
        return all != ConsultationModes.None ? all : modeFilters.Aggregate(ConsultationModes.None, (modes, filter) => modes | (slotModes & filter));
    }
}
