using Hl7.Fhir.Model;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.Search;

/// <summary>The standard <c>specialty</c> Slot search parameter: the token syntax of service-type, free codes.</summary>
public sealed class SlotSearchSpecialtyParserTests
{
    private const string ValidWindow = "start=ge2021-11-04T14:00:00Z&start=le2021-11-06T14:00:00Z";
    private const string OnePractitioner = "schedule.actor:Practitioner.identifier=810002673899";
    private const string TreR38 = "https://mos.esante.gouv.fr/NOS/TRE_R38-SpecialiteOrdinale/FHIR/TRE-R38-SpecialiteOrdinale";
    private const string Snomed = "http://snomed.info/sct";

    private readonly SlotSearchParser parser = new();

    [Test]
    public void Without_specialty_there_is_no_filter()
    {
        Assert.That(Parse($"{ValidWindow}&{OnePractitioner}").Criteria.SpecialtyFilters, Is.Empty);
    }

    [Test]
    public void Codes_bare_or_with_a_known_system_comma_is_or()
    {
        var filters = Parse($"{ValidWindow}&{OnePractitioner}&specialty=SM54, {TreR38}%7CSM05,{Snomed}|394814009,SM54").Criteria.SpecialtyFilters;

        Assert.That(filters, Has.Count.EqualTo(1));
        Assert.That(filters[0], Is.EqualTo(new[] { new SpecialtyToken(null, "SM54"), new SpecialtyToken(TreR38, "SM05"), new SpecialtyToken(Snomed, "394814009") }));
    }

    [Test]
    public void Repeated_is_and_and_works_with_hub_near_alone()
    {
        var filters = Parse($"{ValidWindow}&hub-near=44.2|0.62|15|km&specialty=SM54&specialty=SM05").Criteria.SpecialtyFilters;

        Assert.That(filters.Select(f => f.Single().Code), Is.EqualTo(new[] { "SM54", "SM05" }));
    }

    [Test]
    public void A_code_outside_the_value_set_is_accepted_it_just_matches_nothing()
    {
        Assert.That(Parse($"{ValidWindow}&{OnePractitioner}&specialty=NOT-A-TRE-CODE").Criteria.SpecialtyFilters[0][0].Code, Is.EqualTo("NOT-A-TRE-CODE"));
    }

    [Test]
    public void An_unknown_system_is_400_naming_it()
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&specialty=http://example.org/specialties|SM54");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "specialty" && i.Code == OperationOutcome.IssueType.Value
            && i.Diagnostics.Contains("http://example.org/specialties", StringComparison.Ordinal)));
    }

    [TestCase("")]
    [TestCase("SM54,,SM05")]
    [TestCase("|SM54")]
    [TestCase(TreR38 + "|")]
    [TestCase("SM%0954")]
    public void A_bad_token_is_400(string value)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&specialty={value}");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == "specialty" && i.Code == OperationOutcome.IssueType.Value));
    }

    [Test]
    public void Too_many_codes_is_400_once()
    {
        var codes = string.Join(",", Enumerable.Range(10, SlotSearchParser.MaxSpecialtyCodes).Select(i => "SM" + i));
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&specialty={codes}&specialty=SM01&specialty=SM02");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "specialty" && i.Code == OperationOutcome.IssueType.TooCostly));
    }

    [Test]
    public void Specialty_problems_are_reported_with_the_others()
    {
        var issues = Fail($"{ValidWindow}&service-type=XX&specialty=urn:x|SM54");

        Assert.That(issues.Select(i => i.Expression).Distinct(), Is.EquivalentTo(new[] { "service-type", "specialty", "schedule.actor:Practitioner.identifier" }));
    }

    private SlotSearchRequest Parse(string query) => parser.Parse(QueryStrings.Parse(query));

    private IReadOnlyList<FhirIssue> Fail(string query)
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(QueryStrings.Parse(query)));
        Assert.That(ex.StatusCode, Is.EqualTo(400));
        return ex.Issues;
    }
}
