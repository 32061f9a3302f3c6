namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>The IG's three slot-search flows, as the connector's <c>Flow</c> setting names them.</summary>
public enum SearchFlow
{
    /// <summary>PS individuel (INT_R01): <c>GET /Slot</c> by practitioner national ids.</summary>
    Ps,

    /// <summary>CPTS (INT_R04): PS search plus the CPTS HealthcareService and Organization.</summary>
    Cpts,

    /// <summary>SOS Médecins: <c>GET /Schedule</c> by association SIRET.</summary>
    Sos,
}
