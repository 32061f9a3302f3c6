namespace Sas.Interop.Fhir.Search;

/// <summary>One <c>name=value</c> pair of a query string, already URL-decoded, in request order.</summary>
public sealed record QueryParameter(string Name, string Value);
