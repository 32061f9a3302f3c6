namespace Sas.Interop.Connectors.SasFhir;

/// <summary>Which SAS slot search the connector sends (configuration key <c>Flow</c>).</summary>
internal enum SasFhirFlow
{
    /// <summary><c>ps</c>: PS individuel (INT_R01), <c>GET /Slot</c> per batch of practitioners.</summary>
    Ps,

    /// <summary><c>cpts</c>: CPTS (INT_R04), the PS search plus the CPTS HealthcareService/Organization includes.</summary>
    Cpts,

    /// <summary><c>sos</c>: SOS Médecins, <c>GET /Schedule</c> per batch of association SIRETs.</summary>
    Sos,

    /// <summary>
    /// <c>structure</c>: structure agendas (centres de santé, MSP…), the SOS Médecins <c>GET /Schedule</c> search
    /// per batch of structures identified by FINESS or SIRET.
    /// </summary>
    Structure,
}
