using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Outcomes;

namespace Sas.Interop.Fhir.Tests.Outcomes;

public sealed class OperationOutcomeFactoryTests
{
    [Test]
    public void From_MapsEachIssue()
    {
        var outcome = OperationOutcomeFactory.From(
        [
            new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Required, "start=ge is required.", "start"),
            new FhirIssue(OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.NotSupported, "No expression here."),
        ]);

        Assert.That(outcome.Issue, Has.Count.EqualTo(2));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Issue[0].Severity, Is.EqualTo(OperationOutcome.IssueSeverity.Error));
            Assert.That(outcome.Issue[0].Code, Is.EqualTo(OperationOutcome.IssueType.Required));
            Assert.That(outcome.Issue[0].Diagnostics, Is.EqualTo("start=ge is required."));
            Assert.That(outcome.Issue[0].Expression, Is.EqualTo(new[] { "start" }));
            Assert.That(outcome.Issue[1].Severity, Is.EqualTo(OperationOutcome.IssueSeverity.Warning));
            Assert.That(outcome.Issue[1].Expression, Is.Empty);
        }
    }

    [Test]
    public void From_NoIssues_StillHasTheMandatoryIssue()
    {
        var outcome = OperationOutcomeFactory.From([]);

        Assert.That(outcome.Issue.Single().Severity, Is.EqualTo(OperationOutcome.IssueSeverity.Information));
    }

    [Test]
    public void ParserException_BecomesAnOutcomeListingEveryProblem()
    {
        var ex = Assert.Throws<FhirRequestException>(() => new Sas.Interop.Fhir.Search.SlotSearchParser().Parse([new("status", "busy")]));

        var outcome = OperationOutcomeFactory.From(ex.Issues);

        Assert.That(outcome.Issue.Select(i => i.Expression.Single()), Is.EquivalentTo(new[] { "status", "start", "start", "schedule.actor:Practitioner.identifier" }));
    }
}
