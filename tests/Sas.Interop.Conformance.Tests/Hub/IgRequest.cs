namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>A request as the IG writes it (path and query relative to the FHIR base), and what must come back.</summary>
public sealed record IgRequest(string Label, string PathAndQuery, Expectation Expect)
{
    public override string ToString() => Label;
}
