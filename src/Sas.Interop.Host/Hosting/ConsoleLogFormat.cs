namespace Sas.Interop.Host.Hosting;

/// <summary>What the hub's built-in console sink writes (<c>Logs:ConsoleFormat</c>).</summary>
internal enum ConsoleLogFormat
{
    /// <summary>One readable line per event.</summary>
    Text,

    /// <summary>Serilog's compact JSON, one object per line, for log shippers.</summary>
    Json,

    /// <summary>No built-in console sink: <c>Serilog:WriteTo</c> in configuration chooses every sink.</summary>
    None,
}
