namespace Sas.Interop.Core.Storage;

/// <summary>What a <see cref="ServedResourceSearch"/> matches on.</summary>
public enum ServedResourceSearchKey
{
    /// <summary>The resource's own national id (Practitioner: 8+RPPS or 0+ADELI; Organization: 1+FINESS or 3+SIRET).</summary>
    NationalId,

    /// <summary>A reference the resource holds (Schedule.actor, Location.managingOrganization): <c>Type/id</c> or a bare hub id.</summary>
    Reference,

    /// <summary>Schedules whose actor is a practitioner of one of these national ids (the chain <c>actor:Practitioner.identifier</c>).</summary>
    ActorPractitionerNationalId,
}
