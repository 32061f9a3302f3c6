namespace Sas.Interop.Samples.SmartScheduling;

public sealed class SmartSchedulingSimulatorOptions
{
    /// <summary>Prefix of resource ids and booking URLs.</summary>
    public string Name { get; init; } = "ssl";

    public int PractitionerCount { get; init; } = 4;

    /// <summary>Seeds data and national ids (RPPS <c>3</c>+seed+index): distinct seeds give distinct practitioners.</summary>
    public int Seed { get; init; } = 1;

    public int Days { get; init; } = 7;

    /// <summary>First day of slots (UTC date); default today.</summary>
    public DateOnly? FirstDay { get; init; }

    /// <summary>False: <c>_since</c> is ignored and every manifest lists everything.</summary>
    public bool SupportsSince { get; init; } = true;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Practitioner p's name as text ("Dr Loïc LE BIHAN"), for the first names; generated beyond.</summary>
    public IReadOnlyList<string> PractitionerNames { get; init; } = [];

    public SmartPractitionerActor PractitionerActor { get; init; } = SmartPractitionerActor.LogicalIdentifier;

    /// <summary>True: every practitioner consults at one Location (a shared site), instead of one Location each.</summary>
    public bool SharedLocation { get; init; }

    /// <summary>Extra Schedules naming only their Location (the spec's shape: a structure's agenda), with slots.</summary>
    public int StructureSchedules { get; init; }

    /// <summary>How many of the last structure Locations carry no FINESS (only the publisher's own location id).</summary>
    public int StructuresWithoutIdentifier { get; init; }

    /// <summary>Host name written in the manifest's file URLs (same port), e.g. <c>localhost</c>; null: the manifest's.</summary>
    public string? FileHost { get; init; }
}
