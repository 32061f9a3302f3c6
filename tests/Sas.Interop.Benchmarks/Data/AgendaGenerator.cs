using System.Globalization;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;
using Sas.Interop.Fhir.Profiles;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>
/// Canonical agendas written straight into the store: practitioners with 1–3 places, 20–60 free slots each
/// spread over 14 days in opening hours, mixed slot types and consultation modes, French addresses.
/// Deterministic: a group depends only on the seed, its number and the variant. Several sources side by side (one
/// generator each) number their practitioners from their own <see cref="FirstPractitioner"/>, so national ids and
/// native ids never collide across sources.
/// </summary>
internal sealed class AgendaGenerator
{
    public const int PractitionersPerGroup = 25;
    public const int Days = 14;
    private const int AverageSlotsPerPractitioner = 40;

    /// <summary>Slots a group holds on average: a store of n slots has n ÷ this many groups.</summary>
    public const int SlotsPerGroup = PractitionersPerGroup * AverageSlotsPerPractitioner;

    private static readonly int[] SlotMinutes = [15, 20, 30];
    private static readonly CanonicalCode GeneralPractice = new(SasCodeSystems.SpecialiteOrdinale, "SM54", "Médecine générale");

    private readonly int _seed;

    public AgendaGenerator(string sourceInstance, int targetSlots, DateTimeOffset anchor, int seed = 7, int firstPractitioner = 0)
    {
        SourceInstance = sourceInstance;
        _seed = seed;
        FirstPractitioner = firstPractitioner;
        Anchor = new DateTimeOffset(anchor.Year, anchor.Month, anchor.Day, 0, 0, 0, anchor.Offset);
        GroupCount = Math.Max(1, (int)Math.Round(targetSlots / (double)SlotsPerGroup));
    }

    public string SourceInstance { get; }

    /// <summary>Midnight of the first generated day.</summary>
    public DateTimeOffset Anchor { get; }

    /// <summary>Groups of 25 practitioners: one store batch (and one SAS-sized scope) each.</summary>
    public int GroupCount { get; }

    public int PractitionerCount => GroupCount * PractitionersPerGroup;

    /// <summary>Index (for <see cref="NationalId"/>) of this source's first practitioner; 0 for a single source.</summary>
    public int FirstPractitioner { get; }

    /// <summary>The national ids of this source's practitioners, in index order.</summary>
    public IEnumerable<string> NationalIds => Enumerable.Range(FirstPractitioner, PractitionerCount).Select(NationalId);

    /// <summary>Index of the first practitioner of <paramref name="group"/>.</summary>
    public int FirstPractitionerOf(int group) => FirstPractitioner + (group * PractitionersPerGroup);

    /// <summary>Prefixed national id (8 + an 11-digit RPPS with its Luhn key) of practitioner <paramref name="index"/>.</summary>
    public static string NationalId(int index)
    {
        var body = "10" + index.ToString("D8", CultureInfo.InvariantCulture);
        return "8" + body + CheckDigits.Luhn(body);
    }

    public static string SlotFhirId(string sourceInstance, string nativeId) => ResourceIds.For(sourceInstance, nativeId);

    public SyncScope ScopeOf(int group) =>
        new(SyncScopeKind.Practitioner, [.. Enumerable.Range(FirstPractitionerOf(group), PractitionersPerGroup).Select(NationalId)], Anchor, Anchor.AddDays(Days));

    /// <summary>One group's agendas; another <paramref name="variant"/> moves the slots, as a publisher's update would.</summary>
    public NormalizedBatch Batch(int group, int variant = 0, CanonicalSlot? extraSlot = null)
    {
        var random = new Random(HashCode.Combine(_seed, group, variant));
        var fetchedAt = DateTimeOffset.UtcNow;
        var practitioners = new List<CanonicalPractitioner>(PractitionersPerGroup);
        var places = new List<CanonicalPlace>();
        var schedules = new List<CanonicalSchedule>();
        var slots = new List<CanonicalSlot>();
        for (var index = FirstPractitionerOf(group); index < FirstPractitionerOf(group + 1); index++)
        {
            var nationalId = NationalId(index);
            var practitionerId = Invariant($"pr-{index}");
            practitioners.Add(new CanonicalPractitioner
            {
                SourceInstance = SourceInstance,
                NativeId = practitionerId,
                NationalId = nationalId,
                Family = Pick(random, FrenchSamples.FamilyNames),
                Given = [Pick(random, FrenchSamples.GivenNames)],
                SourceLastUpdated = Anchor.AddHours(-random.Next(1, 72)),
                FetchedAt = fetchedAt,
            });

            var placeCount = random.Next(1, 4);
            for (var place = 1; place <= placeCount; place++)
            {
                var placeKey = Invariant($"{index}-{place}");
                var (city, postalCode) = Pick(random, FrenchSamples.Communes);
                places.Add(new CanonicalPlace
                {
                    SourceInstance = SourceInstance,
                    NativeId = "role-" + placeKey,
                    PractitionerNativeId = practitionerId,
                    LocationIdentifier = new CanonicalIdentifier("https://bench-editeur.example/fhir/location", "loc-" + placeKey, KnownIdentifierSystems.FrLocationIdentifierType, KnownIdentifierSystems.IntrnCode),
                    LocationName = "Cabinet médical de " + city,
                    Address = new CanonicalAddress([Invariant($"{random.Next(1, 120)} {Pick(random, FrenchSamples.Streets)}")], city, postalCode),
                    Organization = new CanonicalIdentifier(KnownIdentifierSystems.StructureNationalId, "1" + postalCode[..2] + Invariant($"{random.Next(1_000_000, 9_999_999)}"), KnownIdentifierSystems.FrV20203, KnownIdentifierSystems.IdnstCode),
                    Telecoms = [new CanonicalTelecom("phone", Invariant($"+33{random.Next(1, 6)}{random.Next(10_000_000, 99_999_999)}"))],
                    Specialties = [GeneralPractice],
                    SourceLastUpdated = Anchor.AddHours(-random.Next(1, 72)),
                    FetchedAt = fetchedAt,
                });
                schedules.Add(new CanonicalSchedule
                {
                    SourceInstance = SourceInstance,
                    NativeId = "sched-" + placeKey,
                    PractitionerNativeId = practitionerId,
                    PlaceNativeId = "role-" + placeKey,
                    FetchedAt = fetchedAt,
                });
            }

            var slotCount = random.Next(20, 61);
            for (var number = 1; number <= slotCount; number++)
            {
                var place = 1 + ((number - 1) % placeCount);
                var start = Anchor.AddDays(random.Next(Days)).AddHours(random.Next(8, 19)).AddMinutes(15 * random.Next(4));
                slots.Add(NewSlot(random, Invariant($"slot-{index}-{number}"), Invariant($"sched-{index}-{place}"), nationalId, start, fetchedAt));
            }
        }

        if (extraSlot is not null)
        {
            slots.Add(extraSlot);
        }

        return new NormalizedBatch { Practitioners = practitioners, Places = places, Schedules = schedules, Slots = slots };
    }

    /// <summary>A slot for the first practitioner of <paramref name="group"/>, to watch for in searches.</summary>
    public CanonicalSlot MarkerSlot(int group, string nativeId, DateTimeOffset start)
    {
        var index = FirstPractitionerOf(group);
        return NewSlot(new Random(nativeId.Length), nativeId, Invariant($"sched-{index}-1"), NationalId(index), start, DateTimeOffset.UtcNow);
    }

    private CanonicalSlot NewSlot(Random random, string nativeId, string scheduleNativeId, string nationalId, DateTimeOffset start, DateTimeOffset fetchedAt) => new()
    {
        SourceInstance = SourceInstance,
        NativeId = nativeId,
        ScheduleNativeId = scheduleNativeId,
        PractitionerNationalId = nationalId,
        Start = start,
        End = start.AddMinutes(SlotMinutes[random.Next(SlotMinutes.Length)]),
        Status = SlotStatus.Free,
        Types = random.Next(20) switch
        {
            < 10 => SlotTypes.Public,
            < 14 => SlotTypes.Public | SlotTypes.Pro,
            < 16 => SlotTypes.Pro,
            < 19 => SlotTypes.Snp,
            _ => SlotTypes.Public | SlotTypes.Snp,
        },
        Modes = random.Next(20) switch
        {
            < 12 => ConsultationModes.Ambulatory,
            < 15 => ConsultationModes.Ambulatory | ConsultationModes.Virtual,
            < 17 => ConsultationModes.Virtual,
            < 19 => ConsultationModes.HomeVisit,
            _ => ConsultationModes.Ambulatory | ConsultationModes.HomeVisit,
        },
        AppointmentKind = random.Next(8) == 0 ? AppointmentKind.WalkIn : AppointmentKind.Routine,
        Specialties = [GeneralPractice],
        Motives = [Pick(random, FrenchSamples.Motives)],
        BookingUrl = $"https://bench-editeur.example/agenda/{nationalId}?creneau={nativeId}",
        SourceLastUpdated = Anchor.AddMinutes(-random.Next(10, 4320)),
        FetchedAt = fetchedAt,
    };

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    private static string Invariant(FormattableString value) => FormattableString.Invariant(value);
}
