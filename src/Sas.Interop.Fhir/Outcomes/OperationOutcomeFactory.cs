using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Outcomes;

/// <summary>Builds OperationOutcome resources: the single place where issues become FHIR.</summary>
public static class OperationOutcomeFactory
{
    public static OperationOutcome From(IEnumerable<FhirIssue> issues)
    {
        throw new NotImplementedException();
    }

    public static OperationOutcome Error(OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        From([new FhirIssue(OperationOutcome.IssueSeverity.Error, code, diagnostics, expression)]);
}
