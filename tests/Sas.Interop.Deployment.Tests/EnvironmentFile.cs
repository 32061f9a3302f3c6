namespace Sas.Interop.Deployment.Tests;

/// <summary>A systemd <c>EnvironmentFile=</c>: <c>NAME=value</c> lines; blank lines and <c>#</c> comments skipped.</summary>
internal static class EnvironmentFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path).Select(line => line.Trim()))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.That(equals, Is.Positive, $"{path}: '{line}' is not NAME=value");
            var name = line[..equals];

            // systemd accepts only shell-style names: a hyphenated client id would be dropped silently.
            Assert.That(name, Does.Match("^[A-Za-z_][A-Za-z0-9_]*$"), $"{path}: '{name}' is not a name systemd accepts");
            variables[name] = line[(equals + 1)..];
        }

        return variables;
    }
}
