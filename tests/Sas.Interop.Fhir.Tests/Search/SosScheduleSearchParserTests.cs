using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.Search;

public sealed class SosScheduleSearchParserTests
{
    private const string Includes = "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization";
    private const string Window = "_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00+02:00&_has:Slot:schedule:status=free";

    private readonly SosScheduleSearchParser parser = new();

    [Test]
    public void The_IG_request_in_its_corrected_form_is_understood()
    {
        var request = Parse($"{Includes}&{Window}&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2%7C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C392080466300010&_count=1000");

        Assert.Multiple(() =>
        {
            Assert.That(request.Criteria.OrganizationNationalIds, Is.EqualTo(new[] { "334173748400020", "392080466300010" }));
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2023, 8, 18, 9, 0, 0, TimeSpan.FromHours(2))));
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2023, 8, 20, 8, 0, 0, TimeSpan.FromHours(2))));
            Assert.That(request.IncludeSlots && request.IncludeLocations && request.IncludeOrganizations);
        });
    }

    [Test]
    public void The_IG_example_typo_is_a_400_naming_the_bad_identifier()
    {
        var issues = Fail($"{Includes}&{Window}&actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.27C334173748400020,urn:oid:1.2.250.1.71.4.2.2%7C340426662900033");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == SosScheduleSearchParser.OrganizationIdentifier && i.Diagnostics.Contains("27C334173748400020", StringComparison.Ordinal)));
    }

    [Test]
    public void Bare_SIRET_with_spaces_and_the_capitalised_include_are_accepted()
    {
        var request = Parse($"_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:Organization&{Window}&actor:Location.organization.identifier=34173748400020, 392080466300010");

        Assert.That(request.Criteria.OrganizationNationalIds, Is.EqualTo(new[] { "334173748400020", "392080466300010" }));
        Assert.That(request.IncludeOrganizations);
    }

    [TestCase("", "_has:Slot:schedule:start", TestName = "No window")]
    [TestCase("_has:Slot:schedule:start=ge2023-08-18T09:00:00Z", "_has:Slot:schedule:start", TestName = "No upper bound")]
    [TestCase("_has:Slot:schedule:start=ge2023-08-18T09:00:00Z&_has:Slot:schedule:start=le2023-08-19T09:00:00Z&_has:Slot:schedule:status=busy", "_has:Slot:schedule:status", TestName = "Busy slots")]
    [TestCase("_has:Slot:schedule:start=ge2023-08-18T09:00:00Z&_has:Slot:schedule:start=le2023-08-19T09:00:00Z&_include=Location:partOf", "_include", TestName = "Unknown include")]
    [TestCase("_has:Slot:schedule:start=ge2023-08-18T09:00:00Z&_has:Slot:schedule:start=le2023-08-19T09:00:00Z&start=ge2023-08-18", "start", TestName = "A Slot parameter on Schedule")]
    public void Wrong_requests_list_their_problems(string query, string expression)
    {
        var issues = Fail(query + "&actor:Location.organization.identifier=334173748400020");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == expression && i.Severity == OperationOutcome.IssueSeverity.Error));
    }

    [Test]
    public void No_association_and_too_many_associations_are_refused()
    {
        var none = Fail(Window);
        var many = Fail($"{Window}&actor:Location.organization.identifier=" + string.Join(",", Enumerable.Range(0, 26).Select(i => $"3{i:D14}")));

        Assert.That(none, Has.One.Matches<FhirIssue>(i => i.Expression == SosScheduleSearchParser.OrganizationIdentifier && i.Code == OperationOutcome.IssueType.Required));
        Assert.That(many, Has.One.Matches<FhirIssue>(i => i.Diagnostics.Contains("at most 25", StringComparison.Ordinal)));
    }

    // The IG makes _has:Slot:schedule:status 1..1 in the SOS request (issue #15, 6c): without it the hub used to
    // answer 200 as if it had been sent.
    [Test]
    public void A_search_without_the_slot_status_is_refused_naming_it()
    {
        var issues = Fail($"{Includes}&_has:Slot:schedule:start=ge2023-08-18T09:00:00+02:00&_has:Slot:schedule:start=le2023-08-20T08:00:00+02:00&actor:Location.organization.identifier=334173748400020");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == SosScheduleSearchParser.Status && i.Code == OperationOutcome.IssueType.Required && i.Diagnostics.Contains("required", StringComparison.Ordinal)));
    }

    private SosScheduleSearchRequest Parse(string query) => parser.Parse(QueryStrings.Parse(query));

    private IReadOnlyList<FhirIssue> Fail(string query)
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(QueryStrings.Parse(query)));
        Assert.That(ex!.StatusCode, Is.EqualTo(400));
        return ex.Issues;
    }
}
