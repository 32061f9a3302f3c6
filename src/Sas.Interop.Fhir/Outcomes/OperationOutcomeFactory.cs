using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Outcomes;

/// <summary>Builds OperationOutcome resources: the single place where issues become FHIR.</summary>
public static class OperationOutcomeFactory
{
    public static OperationOutcome From(IEnumerable<FhirIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            var component = new OperationOutcome.IssueComponent
            {
                Severity = issue.Severity,
                Code = issue.Code,
                Diagnostics = issue.Diagnostics,
            };
            if (!string.IsNullOrEmpty(issue.Expression))
            {
                component.Expression = [issue.Expression];
            }

            outcome.Issue.Add(component);
        }

        // OperationOutcome.issue is 1..*: an empty list still has to say something.
        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = "No issues.",
            });
        }

        return outcome;
    }

    public static OperationOutcome Error(OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        From([new FhirIssue(OperationOutcome.IssueSeverity.Error, code, diagnostics, expression)]);
}
