using Hl7.Fhir.Model;

namespace Sas.Interop.Host.Push;

/// <summary>What happened to one entry: HTTP status code, location (<c>Type/id</c> as served), problems if it failed.</summary>
internal sealed record PushEntryResult(int StatusCode, string? Location, OperationOutcome? Outcome);
