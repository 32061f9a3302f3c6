using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Outcomes;

/// <summary>One problem to report in an OperationOutcome.</summary>
public sealed record FhirIssue(
    OperationOutcome.IssueSeverity Severity,
    OperationOutcome.IssueType Code,
    string Diagnostics,
    string? Expression = null);
