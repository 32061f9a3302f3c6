using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Capability;

/// <summary>The hub's CapabilityStatement: what the facade really serves.</summary>
public static class CapabilityStatementFactory
{
    public static CapabilityStatement Create(string baseUrl, string softwareVersion)
    {
        throw new NotImplementedException();
    }
}
