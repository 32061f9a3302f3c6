using Hl7.Fhir.Model;

namespace Sas.Interop.Ingestion.Push;

/// <summary>What happened to one entry.</summary>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="Location"><c>Type/id/_history/version</c> as served (<c>Type/id</c> when no version is known).</param>
/// <param name="Outcome">Problems, if it failed.</param>
/// <param name="Version">The version now stored.</param>
/// <param name="LastModified">When that version was written.</param>
internal sealed record PushEntryResult(int StatusCode, string? Location, OperationOutcome? Outcome, long? Version = null, DateTimeOffset? LastModified = null);
