namespace Sas.Interop.Core.Storage;

/// <summary>Which SAS answer a resource read by id is served as (it decides the resource's profile).</summary>
public enum ServedFlow
{
    /// <summary>The PS-individuel answer (<c>GET /Slot</c>).</summary>
    PsIndividual = 0,

    /// <summary>The CPTS answer (<c>GET /Slot</c> with the CPTS includes).</summary>
    Cpts = 1,

    /// <summary>The SOS Médecins answer (<c>GET /Schedule</c>).</summary>
    Sos = 2,

    /// <summary>
    /// A structure agenda that is not an SOS association's (a centre de santé, an MSP… identified by FINESS): the SOS
    /// answer's shape (<c>GET /Schedule</c>), without the SOS profiles, whose invariants require a SIRET.
    /// </summary>
    Structure = 3,
}
