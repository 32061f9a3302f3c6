namespace Sas.Interop.Fhir.Search;

/// <summary>Wire names and values of the IG PS-individuel Slot search (digest §2.2).</summary>
internal static class SlotSearchParameterNames
{
    public const string Start = "start";
    public const string Status = "status";
    public const string PractitionerIdentifier = "schedule.actor:Practitioner.identifier";
    public const string Include = "_include";
    public const string IncludeIterate = "_include:iterate";
    public const string Count = "_count";
    public const string Format = "_format";
    public const string Pretty = "_pretty";

    // Standard FHIR R4 Slot parameter (Slot.specialty), beyond the IG's query; the hub also matches the PractitionerRole's.
    public const string Specialty = "specialty";

    // Hub extensions beyond the IG (CapabilityStatement, README): consultation mode, slot type, proximity.
    public const string ServiceType = "service-type";
    public const string Security = "_security";
    public const string Near = "hub-near";

    // Hub extension: R4 has Slot.overbooked but no search parameter over it; named like hub-near so it cannot collide.
    public const string Overbooked = "hub-overbooked";
    // FHIR's _sort with the hub's one sort key: places open at search time first (issue #18 item 7).
    public const string Sort = "_sort";
    public const string SortOpenNow = "hub-open-now";

    // Standard R4 Practitioner-communication, chained like the IG's identifier chain.
    public const string PractitionerCommunication = "schedule.actor:Practitioner.communication";

    public const string IncludeSlotSchedule = "Slot:schedule";
    public const string IncludeScheduleActor = "Schedule:actor";
    public const string IncludeScheduleActorPractitioner = "Schedule:actor:Practitioner";
    public const string IncludeScheduleActorPractitionerRole = "Schedule:actor:PractitionerRole";

    // CPTS (INT_R04) adds these two.
    public const string IncludeSlotServiceTypeReference = "Slot:service-type-reference";
    public const string IncludeHealthcareServiceOrganization = "HealthcareService:organization";
}
