namespace Sas.Interop.Samples.AgendaPlus;

/// <summary>What the simulator does wrong on purpose, for tests.</summary>
public enum AgendaPlusFault
{
    None = 0,

    /// <summary>Every call answers HTTP 500.</summary>
    ServerError = 1,

    /// <summary>Availabilities answer 200 with truncated JSON.</summary>
    MalformedJson = 2,

    /// <summary>Agendas come without their practice place.</summary>
    MissingPractice = 3,
}
