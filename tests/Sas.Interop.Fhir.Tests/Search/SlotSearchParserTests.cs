using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.Search;

public sealed class SlotSearchParserTests
{
    // Verbatim from the IG (digest §2.2), including the space after the first comma.
    private const string IgRequest =
        "_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge2021-01-02T10:00:00&start=le2021-01-06T10:00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810101288385, urn:oid:1.2.250.1.71.4.2.1|800001288385,urn:oid:1.2.250.1.71.4.2.1|810106738385&status=free";

    // The IG bundle's self link: '|' encoded as %7C and an unencoded '+' in the offsets.
    private const string IgSelfLinkQuery =
        "_include=Slot:schedule&_include:iterate=Schedule:actor&status=free&start=ge2021-11-04T14:19:35.760+00:00&start=le2021-11-06T23:59:59.999+00:00&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1%7C810002673899,urn:oid:1.2.250.1.71.4.2.1%7C810100050075&_count=1000";

    private const string ValidWindow = "start=ge2021-11-04T14:00:00Z&start=le2021-11-06T14:00:00Z";
    private const string OnePractitioner = "schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810002673899";

    private readonly SlotSearchParser parser = new();

    [Test]
    public void IgRequest_IsParsed_WithParisLocalTimeAndTrimmedIdentifiers()
    {
        var request = parser.Parse(QueryStrings.Parse(IgRequest));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 1, 2, 10, 0, 0, TimeSpan.FromHours(1))));
            Assert.That(request.Criteria.From.Offset, Is.EqualTo(TimeSpan.FromHours(1)), "January in Paris is UTC+1");
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2021, 1, 6, 10, 0, 0, TimeSpan.FromHours(1))));
            Assert.That(request.Criteria.PractitionerNationalIds, Is.EqualTo(new[] { "810101288385", "800001288385", "810106738385" }));
            Assert.That(request.Criteria.Status, Is.EqualTo(SlotStatus.Free));
            Assert.That(request.Criteria.MaxSlots, Is.EqualTo(1000));
            Assert.That(request.IncludeSchedules, Is.True);
            Assert.That(request.IncludeScheduleActors, Is.True);
            Assert.That(request.Pretty, Is.False);
        }
    }

    [Test]
    public void IgSelfLink_WithEncodedBarAndPlusDecodedAsSpace_IsParsed()
    {
        var request = parser.Parse(QueryStrings.Parse(IgSelfLinkQuery));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 11, 4, 14, 19, 35, 760, TimeSpan.Zero)));
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2021, 11, 6, 23, 59, 59, 999, TimeSpan.Zero)));
            Assert.That(request.Criteria.PractitionerNationalIds, Is.EqualTo(new[] { "810002673899", "810100050075" }));
            Assert.That(request.Criteria.MaxSlots, Is.EqualTo(1000));
        }
    }

    [TestCase("2021-11-04T14:19:35.760 00:00", 0)]
    [TestCase("2021-11-04T14:19:35.760+02:00", 2)]
    [TestCase("2021-11-04T14:19:35 05:30", 5.5)]
    [TestCase("2021-11-04T14:19:35.760-03:00", -3)]
    [TestCase("2021-11-04T14:19:35.760Z", 0)]
    public void Offsets_AreKept_IncludingPlusDecodedAsSpace(string value, double offsetHours)
    {
        var request = parser.Parse(Query($"start=ge{value}&start=le2021-11-30T00:00:00Z&{OnePractitioner}"));

        Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 11, 4, 14, 19, 35, value.Contains(".760", StringComparison.Ordinal) ? 760 : 0, TimeSpan.FromHours(offsetHours))));
    }

    [Test]
    public void DateOnly_CoversWholeDays_InParisTime()
    {
        var request = parser.Parse(Query($"start=ge2021-11-04&start=le2021-11-06&{OnePractitioner}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 11, 4, 0, 0, 0, TimeSpan.FromHours(1))));
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2021, 11, 7, 0, 0, 0, TimeSpan.FromHours(1)).AddTicks(-1)));
        }
    }

    [Test]
    public void DateOnly_OnDstChangeDay_EndsAtLocalMidnight()
    {
        // 2021-10-31 has 25 hours in Paris: the day starts at +02:00 and ends at +01:00.
        var request = parser.Parse(Query($"start=ge2021-10-31&start=le2021-10-31&{OnePractitioner}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 10, 31, 0, 0, 0, TimeSpan.FromHours(2))));
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2021, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)).AddTicks(-1)));
        }
    }

    [Test]
    public void NoOffset_InSummer_IsParisSummerTime()
    {
        var request = parser.Parse(Query($"start=ge2024-06-12T16:20:00&start=le2024-06-15T16:20:00&{OnePractitioner}"));

        Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2024, 6, 12, 16, 20, 0, TimeSpan.FromHours(2))));
    }

    [Test]
    public void GtAndLt_AreAcceptedAsStrictBounds()
    {
        var request = parser.Parse(Query($"start=gt2021-11-04T10:00:00Z&start=lt2021-11-05&{OnePractitioner}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Criteria.From, Is.EqualTo(new DateTimeOffset(2021, 11, 4, 10, 0, 0, TimeSpan.Zero).AddTicks(1)));
            Assert.That(request.Criteria.To, Is.EqualTo(new DateTimeOffset(2021, 11, 5, 0, 0, 0, TimeSpan.FromHours(1)).AddTicks(-1)));
        }
    }

    [Test]
    public void Identifiers_BareOrPrefixed_AreNormalisedAndDeduplicated_AcrossRepeatedParameters()
    {
        var request = parser.Parse(Query(
            $"{ValidWindow}&schedule.actor:Practitioner.identifier=10002673899,810002673899 , urn:oid:1.2.250.1.71.4.2.1|123456789" +
            "&schedule.actor:Practitioner.identifier=0123456789,810100050075"));

        Assert.That(request.Criteria.PractitionerNationalIds, Is.EqualTo(new[] { "810002673899", "0123456789", "810100050075" }));
    }

    [Test]
    public void IncludesAndOptions_AreOptional()
    {
        var request = parser.Parse(Query($"{ValidWindow}&{OnePractitioner}&_count=20&_format=application/fhir+json&_pretty=true"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.IncludeSchedules, Is.False);
            Assert.That(request.IncludeScheduleActors, Is.False);
            Assert.That(request.Criteria.MaxSlots, Is.EqualTo(20));
            Assert.That(request.Criteria.Status, Is.EqualTo(SlotStatus.Free), "status defaults to free");
            Assert.That(request.Pretty, Is.True);
        }
    }

    [Test]
    public void Count_AboveTheCap_IsCapped()
    {
        var request = parser.Parse(Query($"{ValidWindow}&{OnePractitioner}&_count=5000"));

        Assert.That(request.Criteria.MaxSlots, Is.EqualTo(SlotSearchParser.MaxSlots));
    }

    [TestCase("json")]
    [TestCase("application/json")]
    [TestCase("application/fhir%2Bjson")]
    [TestCase("application/json%2Bfhir")]
    [TestCase("application/fhir+json")]
    [TestCase("application/fhir%2Bjson;%20fhirVersion=4.0")]
    public void JsonFormats_AreAccepted(string format)
    {
        Assert.DoesNotThrow(() => parser.Parse(Query($"{ValidWindow}&{OnePractitioner}&_format={format}")));
    }

    [TestCase("Schedule:actor:Practitioner")]
    [TestCase("Schedule:actor:PractitionerRole")]
    [TestCase("Schedule:actor")]
    public void TypedActorIncludes_CountAsActorIncludes(string include)
    {
        var request = parser.Parse(Query($"{ValidWindow}&{OnePractitioner}&_include={include}"));

        Assert.That(request.IncludeScheduleActors, Is.True);
    }

    [Test]
    public void MissingLowerBound_IsRequiredError()
    {
        var issues = Fail($"start=le2021-11-06T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Code == OperationOutcome.IssueType.Required && i.Expression == "start" && i.Diagnostics.Contains("ge", StringComparison.Ordinal)));
    }

    [Test]
    public void MissingUpperBound_IsRequiredError()
    {
        var issues = Fail($"start=ge2021-11-04T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Code == OperationOutcome.IssueType.Required && i.Expression == "start" && i.Diagnostics.Contains("le", StringComparison.Ordinal)));
    }

    [Test]
    public void TwoLowerBounds_IsError()
    {
        var issues = Fail($"start=ge2021-11-04T14:00:00Z&start=ge2021-11-05T14:00:00Z&start=le2021-11-06T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "start" && i.Diagnostics.Contains("more than one lower bound", StringComparison.Ordinal)));
    }

    [TestCase("eq2021-11-04", "prefix 'eq'")]
    [TestCase("2021-11-04", "no prefix")]
    [TestCase("ne2021-11-04", "prefix 'ne'")]
    public void EqualityOrMissingPrefix_IsExplained(string value, string expected)
    {
        var issues = Fail($"start={value}&start=le2021-11-06T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == "start" && i.Code == OperationOutcome.IssueType.NotSupported && i.Diagnostics.Contains(expected, StringComparison.Ordinal) && i.Diagnostics.Contains("start=ge", StringComparison.Ordinal)));
    }

    [TestCase("ge2021-13-04")]
    [TestCase("ge2021-02-30")]
    [TestCase("ge2021-11-04T25:00:00Z")]
    [TestCase("ge04/11/2021")]
    [TestCase("getomorrow")]
    [TestCase("ge2021-11-04T14:00:00+15:00")]
    public void BadDates_AreValueErrors(string value)
    {
        var issues = Fail($"start={value}&start=le2021-11-06T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == "start" && i.Code == OperationOutcome.IssueType.Value));
    }

    [Test]
    public void WindowEndingBeforeItStarts_IsError()
    {
        var issues = Fail($"start=ge2021-11-06T14:00:00Z&start=le2021-11-04T14:00:00Z&{OnePractitioner}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "start" && i.Diagnostics.Contains("before it starts", StringComparison.Ordinal)));
    }

    [Test]
    public void WindowLongerThanConfiguredMaximum_IsError()
    {
        var strictParser = new SlotSearchParser(TimeSpan.FromDays(31));

        var ex = Assert.Throws<FhirRequestException>(() => strictParser.Parse(Query($"start=ge2021-11-01&start=le2021-12-15&{OnePractitioner}")));

        Assert.That(ex.Issues, Has.One.Matches<FhirIssue>(i => i.Expression == "start" && i.Code == OperationOutcome.IssueType.TooCostly));
        Assert.DoesNotThrow(() => strictParser.Parse(Query($"start=ge2021-11-01&start=le2021-11-30&{OnePractitioner}")));
    }

    [Test]
    public void MissingPractitioners_IsRequiredError()
    {
        var issues = Fail(ValidWindow);

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Code == OperationOutcome.IssueType.Required && i.Expression == "schedule.actor:Practitioner.identifier"));
    }

    [Test]
    public void WrongIdentifierSystem_IsErrorNamingTheExpectedSystem()
    {
        var issues = Fail($"{ValidWindow}&schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.2|810002673899");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "schedule.actor:Practitioner.identifier" && i.Diagnostics.Contains("urn:oid:1.2.250.1.71.4.2.1", StringComparison.Ordinal)));
    }

    [TestCase("urn:oid:1.2.250.1.71.4.2.1|12345")]
    [TestCase("ABCDEFGHIJK")]
    [TestCase("810002673899,")]
    [TestCase("")]
    public void BadIdentifiers_AreValueErrors(string value)
    {
        var issues = Fail($"{ValidWindow}&schedule.actor:Practitioner.identifier={value}");

        Assert.That(issues, Has.Some.Matches<FhirIssue>(i => i.Expression == "schedule.actor:Practitioner.identifier" && i.Code == OperationOutcome.IssueType.Value));
    }

    [Test]
    public void MoreThan25Practitioners_IsError_ButDuplicatesDoNotCount()
    {
        var ids26 = Enumerable.Range(0, 26).Select(i => $"8100000000{i:D2}").ToList();
        var issues = Fail($"{ValidWindow}&schedule.actor:Practitioner.identifier={string.Join(',', ids26)}");
        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "schedule.actor:Practitioner.identifier" && i.Diagnostics.Contains("26", StringComparison.Ordinal)));

        var ids25WithRepeats = ids26.Take(25).Concat(ids26.Take(5)).ToList();
        var request = parser.Parse(Query($"{ValidWindow}&schedule.actor:Practitioner.identifier={string.Join(',', ids25WithRepeats)}"));
        Assert.That(request.Criteria.PractitionerNationalIds, Has.Count.EqualTo(25));
    }

    [TestCase("busy", OperationOutcome.IssueType.NotSupported)]
    [TestCase("busy-tentative", OperationOutcome.IssueType.NotSupported)]
    [TestCase("free,busy", OperationOutcome.IssueType.NotSupported)]
    [TestCase("available", OperationOutcome.IssueType.Value)]
    public void NonFreeStatus_IsError(string status, OperationOutcome.IssueType expected)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&status={status}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "status" && i.Code == expected && i.Diagnostics.Contains("free slots only", StringComparison.Ordinal)));
    }

    [TestCase("_include", "Practitioner:location")]
    [TestCase("_include:iterate", "Slot:schedule")]
    [TestCase("_include:iterate", "Slot:service-type-reference")]
    public void UnsupportedInclude_IsErrorNamingTheValue(string name, string value)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&{name}={value}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == name && i.Code == OperationOutcome.IssueType.NotSupported && i.Diagnostics.Contains(value, StringComparison.Ordinal)));
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("ten")]
    [TestCase("1.5")]
    public void BadCount_IsError(string count)
    {
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&_count={count}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == "_count"));
    }

    [TestCase("xml")]
    [TestCase("application/fhir%2Bxml")]
    [TestCase("text/xml")]
    public void XmlFormat_Is406(string format)
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(Query($"{ValidWindow}&{OnePractitioner}&_format={format}")));

        Assert.That(ex.StatusCode, Is.EqualTo(406));
        Assert.That(ex.Issues, Has.One.Matches<FhirIssue>(i => i.Expression == "_format" && i.Code == OperationOutcome.IssueType.NotSupported));
    }

    [Test]
    public void XmlFormat_WithOtherErrors_Is400ListingBoth()
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(Query($"{OnePractitioner}&_format=xml")));

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Issues.Select(i => i.Expression), Is.SupersetOf(new[] { "_format", "start" }));
    }

    [TestCase("_summary=true")]
    [TestCase("identifier=810002673899")]
    [TestCase("status:not=busy")]
    [TestCase("schedule.actor.identifier=810002673899")]
    public void UnknownParameter_IsError(string parameter)
    {
        var name = parameter[..parameter.IndexOf('=', StringComparison.Ordinal)];
        var issues = Fail($"{ValidWindow}&{OnePractitioner}&{parameter}");

        Assert.That(issues, Has.One.Matches<FhirIssue>(i => i.Expression == name && i.Code == OperationOutcome.IssueType.NotSupported));
    }

    [Test]
    public void AllProblems_AreReportedTogether_WithStatus400()
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(Query("start=eq2021-11-04&status=busy&_include=Foo:bar&_count=0&bogus=1")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.StatusCode, Is.EqualTo(400));
            Assert.That(ex.Issues.Select(i => i.Expression).Distinct(), Is.EquivalentTo(new[] { "start", "status", "_include", "_count", "bogus", "schedule.actor:Practitioner.identifier" }));
            Assert.That(ex.Issues.All(i => i.Severity == OperationOutcome.IssueSeverity.Error), Is.True);
        }
    }

    private static IReadOnlyList<QueryParameter> Query(string query) => QueryStrings.Parse(query);

    private IReadOnlyList<FhirIssue> Fail(string query)
    {
        var ex = Assert.Throws<FhirRequestException>(() => parser.Parse(Query(query)));
        Assert.That(ex.StatusCode, Is.EqualTo(400));
        return ex.Issues;
    }
}
