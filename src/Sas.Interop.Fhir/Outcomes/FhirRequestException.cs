namespace Sas.Interop.Fhir.Outcomes;

/// <summary>A request the hub refuses, carrying the HTTP status and every issue found (mapped to an OperationOutcome).</summary>
public sealed class FhirRequestException : Exception
{
    public FhirRequestException(int statusCode, IReadOnlyList<FhirIssue> issues)
        : base(issues.Count > 0 ? issues[0].Diagnostics : "Invalid request.")
    {
        StatusCode = statusCode;
        Issues = issues;
    }

    public FhirRequestException()
        : this(400, [])
    {
    }

    public FhirRequestException(string message)
        : this(400, [new FhirIssue(Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error, Hl7.Fhir.Model.OperationOutcome.IssueType.Invalid, message)])
    {
    }

    public FhirRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Issues = [new FhirIssue(Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error, Hl7.Fhir.Model.OperationOutcome.IssueType.Invalid, message)];
    }

    public int StatusCode { get; }

    public IReadOnlyList<FhirIssue> Issues { get; }
}
