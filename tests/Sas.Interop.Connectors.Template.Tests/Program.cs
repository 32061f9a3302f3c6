using System.Globalization;

namespace Sas.Interop.Connectors.Template.Tests;

/// <summary>
/// Serve mode: the publisher simulator alone, to run next to a hub that has the Template plugin.
/// <c>dotnet run --project tests/Sas.Interop.Connectors.Template.Tests -- serve --port 5180</c>; Ctrl+C stops it.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var port = 5180;
        if (args is not ["serve", ..] || (args is [_, "--port", var value, ..] && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port)))
        {
            await Console.Error.WriteLineAsync("Usage: serve [--port 5180]");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await using var simulator = new TemplatePublisherSimulator();
        await Console.Out.WriteLineAsync($"Token: {simulator.Token}; practitioners: {string.Join(", ", TemplatePublisherSimulator.Practitioners)}");
        await simulator.ServeAsync(port, Console.Out, stop.Token);
        return 0;
    }
}
