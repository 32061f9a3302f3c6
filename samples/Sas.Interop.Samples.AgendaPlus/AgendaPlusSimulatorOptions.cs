namespace Sas.Interop.Samples.AgendaPlus;

public sealed class AgendaPlusSimulatorOptions
{
    /// <summary>Also the prefix of ids and booking URLs, so two simulators never share practitioners.</summary>
    public string Name { get; init; } = "agendaplus";

    /// <summary>Value the <c>X-AgendaPlus-Key</c> header must carry.</summary>
    public string ApiKey { get; init; } = "agendaplus-key";

    public int PractitionerCount { get; init; } = 5;

    /// <summary>Seeds data and national ids (RPPS <c>2</c>+seed+index): distinct seeds give distinct practitioners.</summary>
    public int Seed { get; init; } = 1;

    public int Days { get; init; } = 7;

    /// <summary>First day served (French time); default today.</summary>
    public DateOnly? FirstDay { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }
}
