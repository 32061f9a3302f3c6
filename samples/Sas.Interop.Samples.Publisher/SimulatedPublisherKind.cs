namespace Sas.Interop.Samples.Publisher;

/// <summary>Which SAS flow the generated data is shaped for. Every simulator answers all three searches.</summary>
public enum SimulatedPublisherKind
{
    /// <summary>PS individuel (INT_R01): practitioners, their places, schedules and slots.</summary>
    Ps,

    /// <summary>CPTS (INT_R04): as <see cref="Ps"/>, plus CPTS HealthcareServices/Organizations and CPTS-visible slots.</summary>
    Cpts,

    /// <summary>SOS Médecins: associations (Organization), their PFG (Location), one Schedule per PFG, slots.</summary>
    Sos,

    /// <summary>
    /// Structure agendas: centres de santé (TRE_R66 124) and MSP (603) by FINESS, each with one consultation place
    /// (Location), a HealthcareService, one Schedule naming both (no practitioner) and slots; searched like SOS.
    /// </summary>
    Structure,
}
