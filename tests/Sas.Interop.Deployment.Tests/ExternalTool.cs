namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// A program from Debian's packages a deployment test needs (nginx, promtool), found through an environment variable
/// or on the PATH. When it is absent the test is ignored and says how to get it: <c>.ci/run</c> installs them with apt.
/// </summary>
internal static class ExternalTool
{
    public const string NginxVariable = "SAS_INTEROP_TEST_NGINX";
    public const string PromtoolVariable = "SAS_INTEROP_TEST_PROMTOOL";
    public const string Sqlite3Variable = "SAS_INTEROP_TEST_SQLITE3";
    public const string PgBinVariable = "SAS_INTEROP_TEST_PG_BIN";

    /// <summary>nginx (Debian package <c>nginx</c>).</summary>
    public static string Nginx() => Require(NginxVariable, "nginx", "nginx", ["/usr/sbin/nginx"]);

    /// <summary>promtool (Debian package <c>prometheus</c>).</summary>
    public static string Promtool() => Require(PromtoolVariable, "promtool", "prometheus", ["/usr/bin/promtool"]);

    /// <summary>The sqlite3 shell (Debian package <c>sqlite3</c>): the online backup operators run.</summary>
    public static string Sqlite3() => Require(Sqlite3Variable, "sqlite3", "sqlite3", ["/usr/bin/sqlite3"]);

    /// <summary>pg_dump or pg_restore (Debian package <c>postgresql-client</c>), from a folder the variable may name.</summary>
    public static string PostgresClient(string program) =>
        Environment.GetEnvironmentVariable(PgBinVariable) is { Length: > 0 } folder
            ? Require(PgBinVariable + "/" + program, program, "postgresql-client", [Path.Combine(folder, program)])
            : Require(PgBinVariable, program, "postgresql-client", [Path.Combine("/usr/bin", program)]);

    /// <summary>Runs <paramref name="program"/> to its end; fails the test with its output when it does not exit 0.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', start.ArgumentList)} failed:{Environment.NewLine}{await output}{await errors}");
        return await output;
    }

    private static string Require(string variable, string program, string package, string[] wellKnown)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            if (File.Exists(configured))
            {
                return configured;
            }

            Assert.Ignore($"{variable}={configured} names no file: install Debian's '{package}' package (.ci/run does) or unset it.");
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .Concat(wellKnown)
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Ignore($"No {program}: install Debian's '{package}' package (.ci/run does) or set {variable} to its path.");
        }

        return found!;
    }
}
