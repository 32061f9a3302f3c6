using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Tests.Search;

namespace Sas.Interop.Fhir.Tests.Availability;

public sealed class AvailabilityTests
{
    private const string Thomas = "810100050075";
    private const string Marcel = "810002673899";
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, Winter);

    private readonly AvailabilityRequestParser parser = new();

    [Test]
    public void Parse_DefaultsFromToNow_AndNormalisesIds()
    {
        var request = Parse($"schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|{Thomas},10002673899");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.From, Is.EqualTo(Now));
            Assert.That(request.PractitionerNationalIds, Is.EqualTo(new[] { Thomas, Marcel }));
        }
    }

    [Test]
    public void Parse_ReadsFrom_ParisTimeWithoutOffset()
    {
        var request = Parse($"schedule.actor:Practitioner.identifier={Thomas}&from=2026-07-01T08:30:00");

        Assert.That(request.From, Is.EqualTo(new DateTimeOffset(2026, 7, 1, 8, 30, 0, TimeSpan.FromHours(2))));
    }

    [TestCase("from=ge2026-11-24T10:00:00Z", "from")]
    [TestCase("from=yesterday", "from")]
    [TestCase("from=2026-11-24T10:00:00Z&from=2026-11-24T11:00:00Z", "from")]
    [TestCase("start=ge2026-11-24", "start")]
    public void Parse_BadParameters_Are400(string extra, string expression)
    {
        var ex = Assert.Throws<FhirRequestException>(() => Parse($"schedule.actor:Practitioner.identifier={Thomas}&{extra}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.StatusCode, Is.EqualTo(400));
            Assert.That(ex.Issues, Has.Some.Matches<FhirIssue>(i => i.Expression == expression));
        }
    }

    [Test]
    public void Parse_WithoutPractitioners_Or_WithTooMany_Is400()
    {
        var none = Assert.Throws<FhirRequestException>(() => Parse("from=2026-11-24T10:00:00Z"));
        var many = Assert.Throws<FhirRequestException>(() => Parse("schedule.actor:Practitioner.identifier=" + string.Join(',', Enumerable.Range(0, 26).Select(i => Rpps(i)))));
        var bad = Assert.Throws<FhirRequestException>(() => Parse("schedule.actor:Practitioner.identifier=12"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(none.Issues, Has.One.Matches<FhirIssue>(i => i.Code == OperationOutcome.IssueType.Required));
            Assert.That(many.Issues, Has.One.Matches<FhirIssue>(i => i.Code == OperationOutcome.IssueType.TooCostly));
            Assert.That(bad.Issues, Has.One.Matches<FhirIssue>(i => i.Expression == "schedule.actor:Practitioner.identifier"));
        }
    }

    [Test]
    public void Horizons_Morning_HalfDayEndsAtNoon_DayAtMidnight()
    {
        var ends = AvailabilityHorizons.From(Now).ToDictionary(h => h.Code, h => h.End);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ends.Keys, Is.EqualTo(new[] { "2h", "4h", "6h", "12h", "half-day", "day" }));
            Assert.That(ends["2h"], Is.EqualTo(Now.AddHours(2)));
            Assert.That(ends["12h"], Is.EqualTo(Now.AddHours(12)));
            Assert.That(ends["half-day"], Is.EqualTo(new DateTimeOffset(2026, 11, 24, 12, 0, 0, Winter)));
            Assert.That(ends["day"], Is.EqualTo(new DateTimeOffset(2026, 11, 25, 0, 0, 0, Winter)));
        }
    }

    [Test]
    public void Horizons_Afternoon_HalfDayIsTheRestOfTheDay_InParisTimeWhateverTheOffsetGiven()
    {
        // 12:00 UTC in summer is 14:00 in Paris: the afternoon.
        var from = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        var ends = AvailabilityHorizons.From(from).ToDictionary(h => h.Code, h => h.End);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ends["half-day"], Is.EqualTo(new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.FromHours(2))));
            Assert.That(ends["day"], Is.EqualTo(ends["half-day"]));
        }
    }

    [Test]
    public void Build_CountsEachHorizon_StartInclusive_EndExclusive()
    {
        var request = new AvailabilityRequest { PractitionerNationalIds = [Thomas, Marcel], From = Now };
        SlotStart At(double hours) => new(Thomas, Now.AddHours(hours));
        var starts = new[]
        {
            At(0),                 // at from: counted everywhere
            At(2) with { Start = Now.AddHours(2).AddTicks(-1) },    // just inside 2h
            At(2),                 // on the 2h end: not within 2h
            At(3),                 // 12:00 Paris = half-day end: not in the half-day
            At(6),
            At(14.999),            // 23:59 Paris: in the day, beyond 12h
            At(15),                // midnight: not in the day
        };

        var parameters = AvailabilityParametersBuilder.Build(request, starts);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Counts(parameters, Thomas), Is.EqualTo(new Dictionary<string, int>
            {
                ["2h"] = 2, ["4h"] = 4, ["6h"] = 4, ["12h"] = 5, ["half-day"] = 3, ["day"] = 6,
            }));
            Assert.That(Counts(parameters, Marcel).Values, Is.All.EqualTo(0), "every practitioner asked is listed, with zeros");
            Assert.That(((Instant)parameters.Parameter[0].Value).Value, Is.EqualTo(Now));
        }
    }

    [Test]
    public void Parse_ReadsServiceTypeAndSecurity_AsTheSlotSearch()
    {
        var request = Parse($"schedule.actor:Practitioner.identifier={Thomas}&service-type=AMB,VR&service-type=http://terminology.hl7.org/CodeSystem/v3-ActCode%7CVR&_security=SNP");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.ModeFilters, Is.EqualTo(new[] { ConsultationModes.Ambulatory | ConsultationModes.Virtual, ConsultationModes.Virtual }));
            Assert.That(request.TypeFilters, Is.EqualTo(new[] { SlotTypes.Snp }));
        }
    }

    [TestCase("service-type=XYZ", "service-type")]
    [TestCase("service-type=http://snomed.info/sct%7CAMB", "service-type")]
    [TestCase("_security=snp", "_security")]
    public void Parse_BadServiceTypeOrSecurity_Is400_LikeTheSearch(string extra, string expression)
    {
        var ex = Assert.Throws<FhirRequestException>(() => Parse($"schedule.actor:Practitioner.identifier={Thomas}&{extra}"));

        Assert.That(ex.Issues, Has.One.Matches<FhirIssue>(i => i.Expression == expression && i.Code == OperationOutcome.IssueType.Value));
    }

    [Test]
    public void Build_GivesEachHorizonAPartPerMode_ASlotCountingInEachOfItsModes()
    {
        var request = new AvailabilityRequest { PractitionerNationalIds = [Thomas, Marcel], From = Now };
        SlotStart At(double hours, ConsultationModes modes) => new(Thomas, Now.AddHours(hours)) { Modes = modes };
        var starts = new[]
        {
            At(0, ConsultationModes.Ambulatory),
            At(1, ConsultationModes.Ambulatory | ConsultationModes.Virtual),
            At(3, ConsultationModes.HomeVisit),
            At(5, ConsultationModes.None),
        };

        var parameters = AvailabilityParametersBuilder.Build(request, starts);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ModeCounts(parameters, Thomas, "2h"), Is.EqualTo(new[] { ("AMB", 2), ("HH", 0), ("VR", 1) }));
            Assert.That(ModeCounts(parameters, Thomas, "6h"), Is.EqualTo(new[] { ("AMB", 2), ("HH", 1), ("VR", 1) }));
            Assert.That(Counts(parameters, Thomas)["6h"], Is.EqualTo(4), "the total counts a slot once, with or without a mode");
            Assert.That(ModeCounts(parameters, Marcel, "day"), Is.EqualTo(new[] { ("AMB", 0), ("HH", 0), ("VR", 0) }));
        }
    }

    internal static (string Code, int Count)[] ModeCounts(Parameters parameters, string nationalId, string horizon)
    {
        var practitioner = parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == nationalId);
        var availability = practitioner.Part.Single(p => p.Name == "availability" && ((Code)p.Part.Single(x => x.Name == "horizon").Value).Value == horizon);
        return [.. availability.Part.Where(p => p.Name == "mode")
            .Select(m => (((Code)m.Part.Single(x => x.Name == "code").Value).Value, ((Integer)m.Part.Single(x => x.Name == "count").Value).Value ?? -1))];
    }

    internal static Dictionary<string, int> Counts(Parameters parameters, string nationalId)
    {
        var practitioner = parameters.Parameter.Single(p => p.Name == "practitioner" && ((Identifier)p.Part[0].Value).Value == nationalId);
        return practitioner.Part.Where(p => p.Name == "availability")
            .ToDictionary(p => ((Code)p.Part.Single(x => x.Name == "horizon").Value).Value, p => ((Integer)p.Part.Single(x => x.Name == "count").Value).Value ?? -1);
    }

    private static string Rpps(int i)
    {
        var body = (1000000000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "8" + body + Core.Identifiers.CheckDigits.Luhn(body);
    }

    private AvailabilityRequest Parse(string query) => parser.Parse(QueryStrings.Parse(query), Now);
}
