using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.Search;

/// <summary>The hub's Slot search extensions: service-type, _security, hub-near.</summary>
public sealed class SlotSearchExtensionParserTests
{
    private const string ValidWindow = "start=ge2021-11-04T14:00:00Z&start=le2021-11-06T14:00:00Z";
    private const string OnePractitioner = "schedule.actor:Practitioner.identifier=810002673899";
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private const string TypeCreneau = "https://mos.esante.gouv.fr/NOS/TRE_R314-TypeCreneau/FHIR/TRE-R314-TypeCreneau";

    private readonly SlotSearchParser parser = new();

    [Test]
    public void NoExtension_LeavesTheCriteriaAsTheIgSearch()
    {
        var criteria = Parse($"{ValidWindow}&{OnePractitioner}").Criteria;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(criteria.ModeFilters, Is.Empty);
            Assert.That(criteria.TypeFilters, Is.Empty);
            Assert.That(criteria.Near, Is.Null);
        }
    }

    [TestCase("AMB", ConsultationModes.Ambulatory)]
    [TestCase("AMB,VR", ConsultationModes.Ambulatory | ConsultationModes.Virtual)]
    [TestCase(ActCode + "|HH", ConsultationModes.HomeVisit)]
    [TestCase(ActCode + "%7CHH, VR", ConsultationModes.HomeVisit | ConsultationModes.Virtual)]
    public void ServiceType_CommaIsOr(string value, ConsultationModes expected)
    {
        var criteria = Parse($"{ValidWindow}&{OnePractitioner}&service-type={value}").Criteria;

        Assert.That(criteria.ModeFilters, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public void ServiceType_Repeated_IsAnd()
    {
        var criteria = Parse($"{ValidWindow}&{OnePractitioner}&service-type=AMB&service-type=VR").Criteria;

        Assert.That(criteria.ModeFilters, Is.EqualTo(new[] { ConsultationModes.Ambulatory, ConsultationModes.Virtual }));
    }

    [TestCase("XYZ")]
    [TestCase("amb")]
    [TestCase("")]
    [TestCase("http://snomed.info/sct|AMB")]
    [TestCase("AMB,,VR")]
    public void ServiceType_BadToken_Is400(string value)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&service-type={value}");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == "service-type" && i.Code == OperationOutcome.IssueType.Value));
    }

    [TestCase("SNP", SlotTypes.Snp)]
    [TestCase("PUBLIC,PRO", SlotTypes.Public | SlotTypes.Pro)]
    [TestCase(TypeCreneau + "|CPTS", SlotTypes.Cpts)]
    public void Security_ReadsTreR314Types(string value, SlotTypes expected)
    {
        var criteria = Parse($"{ValidWindow}&{OnePractitioner}&_security={value}").Criteria;

        Assert.That(criteria.TypeFilters, Is.EqualTo(new[] { expected }));
    }

    [TestCase("EMERGENCY")]
    [TestCase("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R")]
    [TestCase("snp")]
    public void Security_BadToken_Is400(string value)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&_security={value}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "_security"));
    }

    [Test]
    public void Near_FullForm_InKilometres()
    {
        var near = Parse($"{ValidWindow}&{OnePractitioner}&hub-near=44.2020|0.6206|15|km").Criteria.Near;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(near, Is.Not.Null);
            Assert.That(near!.Center.Latitude, Is.EqualTo(44.2020));
            Assert.That(near.Center.Longitude, Is.EqualTo(0.6206));
            Assert.That(near.RadiusMeters, Is.EqualTo(15_000));
        }
    }

    [TestCase("44.2|0.62", 10_000)]
    [TestCase("44.2|0.62|", 10_000)]
    [TestCase("44.2|0.62|2500|m", 2_500)]
    [TestCase("-21.1|55.5|7", 7_000)]
    [TestCase("44.2|0.62|100|km", 100_000)]
    public void Near_DefaultsToTenKilometres_AndReadsMetres(string value, double expectedMeters)
    {
        var near = Parse($"{ValidWindow}&hub-near={value}").Criteria.Near;

        Assert.That(near!.RadiusMeters, Is.EqualTo(expectedMeters));
    }

    [Test]
    public void Near_MakesThePractitionerListOptional()
    {
        var criteria = Parse($"{ValidWindow}&hub-near=44.2|0.62|20").Criteria;

        Assert.That(criteria.PractitionerNationalIds, Is.Empty);
    }

    [TestCase("44.2", OperationOutcome.IssueType.Value)]
    [TestCase("91|0.62", OperationOutcome.IssueType.Value)]
    [TestCase("44.2|181", OperationOutcome.IssueType.Value)]
    [TestCase("abc|0.62", OperationOutcome.IssueType.Value)]
    [TestCase("44,2|0.62", OperationOutcome.IssueType.Value)]
    [TestCase("44.2|0.62|0", OperationOutcome.IssueType.Value)]
    [TestCase("44.2|0.62|-5", OperationOutcome.IssueType.Value)]
    [TestCase("44.2|0.62|5|mi", OperationOutcome.IssueType.NotSupported)]
    [TestCase("44.2|0.62|101|km", OperationOutcome.IssueType.TooCostly)]
    [TestCase("44.2|0.62|5|km|x", OperationOutcome.IssueType.Value)]
    public void Near_BadValue_Is400(string value, OperationOutcome.IssueType code)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&hub-near={value}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "hub-near" && i.Code == code));
    }

    [Test]
    public void Near_Twice_Is400()
    {
        var issues = Fail($"{ValidWindow}&hub-near=44.2|0.62&hub-near=45|1");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "hub-near" && i.Diagnostics.Contains("more than once", StringComparison.Ordinal)));
    }

    [Test]
    public void WithoutNearOrPractitioners_ThePractitionerListIsStillRequired()
    {
        var issues = Fail($"{ValidWindow}&service-type=AMB");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "schedule.actor:Practitioner.identifier" && i.Code == OperationOutcome.IssueType.Required));
    }

    [Test]
    public void EveryExtensionProblem_IsReportedTogether()
    {
        var issues = Fail($"{ValidWindow}&service-type=XX&_security=YY&hub-near=1000|0");

        Assert.That(issues.Select(i => i.Expression).Distinct(), Is.EquivalentTo(new[] { "service-type", "_security", "hub-near" }));
    }

    private SlotSearchRequest Parse(string query) => parser.Parse(QueryStrings.Parse(query));

    private IReadOnlyList<FhirIssue> Fail(string query)
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(QueryStrings.Parse(query)));
        Assert.That(ex.StatusCode, Is.EqualTo(400));
        return ex.Issues;
    }
}
