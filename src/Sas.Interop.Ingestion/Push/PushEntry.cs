using Hl7.Fhir.Model;

namespace Sas.Interop.Ingestion.Push;

/// <summary>One write asked for: a Bundle entry or a single PUT/DELETE, with the native id it resolves to.</summary>
/// <param name="Index">Entry position (0 for a single request).</param>
/// <param name="Method">PUT, POST or DELETE.</param>
/// <param name="ResourceType">FHIR type written.</param>
/// <param name="NativeId">The publisher's logical id: the key in its namespace.</param>
/// <param name="Resource">The resource (null for DELETE).</param>
/// <param name="ExpressionRoot">FHIRPath of the resource in the request, e.g. <c>Bundle.entry[3].resource</c>.</param>
/// <param name="IfMatch">The version the write is conditional on (<c>If-Match</c>, <c>entry.request.ifMatch</c>), if any.</param>
/// <param name="IfMatchExpression">Where that condition was written, for error messages.</param>
/// <param name="Matched">False for a conditional DELETE whose identifier names nothing: <paramref name="NativeId"/> is then only the identifier, for messages, and nothing is deleted.</param>
internal sealed record PushEntry(int Index, string Method, string ResourceType, string NativeId, Resource? Resource, string ExpressionRoot, long? IfMatch = null, string? IfMatchExpression = null, bool Matched = true);
