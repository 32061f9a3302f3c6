namespace Sas.Interop.Core.Canonical;

/// <summary>Why one incoming resource was rejected or changed during normalisation.</summary>
/// <param name="ResourceType">FHIR resource type, e.g. <c>Slot</c>.</param>
/// <param name="NativeId">Publisher id of the resource, when it had one.</param>
/// <param name="Reason">Short machine-friendly reason (see <see cref="IngestionIssueReasons"/>).</param>
/// <param name="Message">Readable explanation for the publisher.</param>
/// <param name="Expression">FHIRPath location of the problem, when known.</param>
/// <param name="Rejected">True when the resource was dropped; false when it was kept without the faulty part.</param>
public sealed record IngestionIssue(string ResourceType, string? NativeId, string Reason, string Message, string? Expression = null, bool Rejected = true);
