namespace Sas.Interop.Samples.AgendaPlus;

/// <summary>One call the simulator received: path and query, and the API key it carried.</summary>
public sealed record AgendaPlusRequest(string PathAndQuery, string? ApiKey);
