namespace Sas.Interop.Samples.SmartScheduling;

/// <summary>How the simulator's Schedules name their practitioner (besides their Location actor).</summary>
public enum SmartPractitionerActor
{
    /// <summary>A logical reference: IDNPS identifier + display "Dr Given FAMILY" (the hub's historical convention).</summary>
    LogicalIdentifier = 0,

    /// <summary><c>Practitioner/id</c>, the Practitioner listed in a Practitioner NDJSON file with a structured name.</summary>
    PractitionerResource = 1,
}
