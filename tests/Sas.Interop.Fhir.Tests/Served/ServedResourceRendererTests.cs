using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Served;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Tests.Served;

public sealed class ServedResourceRendererTests
{
    /// <summary>
    /// SHA-256 of the renderings of <see cref="Records"/> at <see cref="ServedResourceRenderer.CurrentFormat"/>. When the
    /// mapping (or Firely's output) changes, renderings already stored would be served unchanged: bump the format, then
    /// put the new hash here.
    /// </summary>
    private const string ExpectedHash = "cfe491186f571243ba2a8a9becb34cc399fa29fa39105ebdcb17dc9d542be933";

    private const string Source = "editeur-a";
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset FetchedAt = new(2026, 11, 24, 8, 1, 2, 345, TimeSpan.Zero);

    private readonly ServedResourceRenderer renderer = new();

    [Test]
    public void Each_rendering_with_its_fetch_time_put_back_is_what_FhirJson_writes()
    {
        var slot = Slot();
        var place = Place();
        AssertSplicesTo(renderer.Render(slot), CanonicalToFhir.ToSlot(slot));
        AssertSplicesTo(renderer.Render(Schedule()), CanonicalToFhir.ToSchedule(Schedule()));
        AssertSplicesTo(renderer.Render(Practitioner()), CanonicalToFhir.ToPractitioner(Practitioner()));

        // A PractitionerRole contains a Location with a meta of its own: the splice goes into the role's.
        AssertSplicesTo(renderer.Render(place), CanonicalToFhir.ToPractitionerRole(place));
    }

    [Test]
    public void A_rendering_starts_with_its_format_and_holds_no_fetch_time()
    {
        var rendering = renderer.Render(Slot());

        Assert.Multiple(() =>
        {
            Assert.That(rendering[0], Is.EqualTo(ServedResourceRenderer.CurrentFormat));
            Assert.That(Encoding.UTF8.GetString(rendering), Does.Not.Contain("2026-11-24T08:01:02"));
            Assert.That(renderer.Render(Slot() with { FetchedAt = FetchedAt.AddDays(1) }), Is.EqualTo(rendering), "a re-sync only changes the fetch time: nothing to render again");
        });
    }

    [Test]
    public void The_output_for_the_current_format_has_not_changed()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var rendering in Records())
        {
            hash.AppendData(rendering);
        }

        Assert.That(Convert.ToHexStringLower(hash.GetHashAndReset()), Is.EqualTo(ExpectedHash),
            "What the renderer emits changed: bump ServedResourceRenderer.CurrentFormat (stored renderings of the old output must not be served) and record the new hash here.");
    }

    private IEnumerable<byte[]> Records()
    {
        yield return renderer.Render(Slot());
        yield return renderer.Render(Slot() with { Version = 4, Types = SlotTypes.Cpts, Modes = ConsultationModes.None, Motives = [], Specialties = [], BookingUrl = null });
        yield return renderer.Render(Schedule());
        yield return renderer.Render(Schedule() with { PlaceNativeId = null, Version = 2 });
        yield return renderer.Render(Practitioner());
        yield return renderer.Render(Place());
        yield return renderer.Render(Place() with { LocationIdentifier = null, Organization = new CanonicalIdentifier(null, "not a FINESS"), Address = null });
    }

    private static void AssertSplicesTo(byte[] rendering, Resource expected)
    {
        var (before, restOfMeta, after) = ServedJsonLayout.Split(rendering);
        var spliced = Encoding.UTF8.GetString(before.Span) + "\"" + Hl7.Fhir.Serialization.PrimitiveTypeConverter.ConvertTo<string>(FetchedAt) + "\""
            + Encoding.UTF8.GetString(restOfMeta.Span) + Encoding.UTF8.GetString(after.Span);
        var written = new ArrayBufferWriter<byte>();
        FhirJson.Serialize(expected, written);
        Assert.That(spliced, Is.EqualTo(Encoding.UTF8.GetString(written.WrittenSpan)), expected.TypeName);
    }

    private static CanonicalSlot Slot() => new()
    {
        SourceInstance = Source,
        NativeId = "slot-1",
        ScheduleNativeId = "s1",
        PractitionerNationalId = "810002673899",
        Start = Start,
        End = Start.AddMinutes(20),
        Types = SlotTypes.Public | SlotTypes.Snp,
        Modes = ConsultationModes.Ambulatory | ConsultationModes.Virtual,
        AppointmentKind = AppointmentKind.Routine,
        Motives = ["Visite de contrôle"],
        Specialties = [new CanonicalCode("https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale", "SM54", "Médecine générale", null)],
        BookingUrl = "https://rdv.example/slot-1",
        FetchedAt = FetchedAt,
    };

    private static CanonicalSchedule Schedule() => new() { SourceInstance = Source, NativeId = "s1", PractitionerNativeId = "p1", PlaceNativeId = "r1", FetchedAt = FetchedAt };

    private static CanonicalPractitioner Practitioner() => new()
    {
        SourceInstance = Source,
        NativeId = "p1",
        NationalId = "810002673899",
        Family = "Dupré",
        Given = ["Zoé"],
        Telecoms = [new CanonicalTelecom("phone", "+33553000000")],
        Languages = ["fr", "pt-BR"],
        FetchedAt = FetchedAt,
    };

    private static CanonicalPlace Place() => new()
    {
        SourceInstance = Source,
        NativeId = "r1",
        PractitionerNativeId = "p1",
        LocationIdentifier = new CanonicalIdentifier("https://editeur.example", "9"),
        LocationName = "Cabinet des Tilleuls",
        Address = new CanonicalAddress(["1 rue A"], "AGEN", "47000"),
        Organization = new CanonicalIdentifier(null, "1470000001"),
        Telecoms = [new CanonicalTelecom("phone", "+33553000000")],
        FetchedAt = FetchedAt,
    };
}
