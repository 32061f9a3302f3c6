namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// A conditional write's <c>identifier</c> token, read as FHIR R4 token search reads it: <c>system|value</c> matches
/// that system and value, <c>|value</c> an identifier without system, <c>value</c> any system.
/// </summary>
/// <param name="System">The system; empty for none, null for any.</param>
/// <param name="Value">The value, a FHIR id.</param>
internal sealed record IdentifierCondition(string? System, string Value)
{
    public override string ToString() => System is null ? Value : System + "|" + Value;
}
