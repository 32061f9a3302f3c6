using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Store.Tests;

/// <summary>Small canonical data sets: one place and one schedule per practitioner, slots every 30 minutes.</summary>
internal static class CanonicalBuilder
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1));

    public static SyncScope Scope(params string[] practitioners) =>
        new(SyncScopeKind.Practitioner, practitioners, Monday, Monday.AddHours(72));

    public static NormalizedBatch Batch(string source, params (string NationalId, int Slots)[] practitioners)
    {
        var ps = new List<CanonicalPractitioner>();
        var places = new List<CanonicalPlace>();
        var schedules = new List<CanonicalSchedule>();
        var slots = new List<CanonicalSlot>();
        foreach (var (nationalId, count) in practitioners)
        {
            ps.Add(new CanonicalPractitioner { SourceInstance = source, NativeId = "p" + nationalId, NationalId = nationalId, Family = "NOM" + nationalId[^2..], Given = ["Jeanne"], FetchedAt = Monday });
            places.Add(new CanonicalPlace
            {
                SourceInstance = source,
                NativeId = "r" + nationalId,
                PractitionerNativeId = "p" + nationalId,
                Address = new CanonicalAddress(["1 rue de la Paix"], "AGEN", "47000"),
                LocationIdentifier = new CanonicalIdentifier("urn:oid:1.1.1", "loc" + nationalId, "http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type", "INTRN"),
                Telecoms = [new CanonicalTelecom("phone", "+33658913859")],
                FetchedAt = Monday,
            });
            schedules.Add(new CanonicalSchedule { SourceInstance = source, NativeId = "s" + nationalId, PractitionerNativeId = "p" + nationalId, PlaceNativeId = "r" + nationalId, FetchedAt = Monday });
            for (var i = 0; i < count; i++)
            {
                slots.Add(Slot(source, nationalId, i));
            }
        }

        return new NormalizedBatch { Practitioners = ps, Places = places, Schedules = schedules, Slots = slots };
    }

    public static CanonicalSlot Slot(string source, string nationalId, int index, DateTimeOffset? start = null) => new()
    {
        SourceInstance = source,
        NativeId = $"slot-{nationalId}-{index}",
        ScheduleNativeId = "s" + nationalId,
        PractitionerNationalId = nationalId,
        Start = start ?? Monday.AddMinutes(30 * index),
        End = (start ?? Monday.AddMinutes(30 * index)).AddMinutes(20),
        Types = SlotTypes.Public | SlotTypes.Snp,
        Modes = ConsultationModes.Ambulatory | ConsultationModes.Virtual,
        AppointmentKind = AppointmentKind.Routine,
        Specialties = [new CanonicalCode("https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale", "SM54")],
        Motives = ["Visite de contrôle"],
        BookingUrl = "https://agenda.example/rdv",
        FetchedAt = Monday,
    };
}
