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
}
