namespace Sas.Interop.Deployment.Tests;

/// <summary>
/// A program from Debian's packages a deployment test needs (nginx, promtool), found through an environment variable
/// or on the PATH. When it is absent the test is ignored and says how to get it: <c>.ci/run</c> installs them with apt.
/// </summary>
internal static class ExternalTool
{
    public const string NginxVariable = "SAS_INTEROP_TEST_NGINX";
    public const string PromtoolVariable = "SAS_INTEROP_TEST_PROMTOOL";

    /// <summary>nginx (Debian package <c>nginx</c>).</summary>
    public static string Nginx() => Require(NginxVariable, "nginx", "nginx", ["/usr/sbin/nginx"]);

    /// <summary>promtool (Debian package <c>prometheus</c>).</summary>
    public static string Promtool() => Require(PromtoolVariable, "promtool", "prometheus", ["/usr/bin/promtool"]);

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
