namespace Sas.Interop.Deployment.Tests;

/// <summary>What a test needs of a systemd unit file: its <c>ExecStart=</c> command line (the shipped unit quotes nothing).</summary>
internal sealed record SystemdUnit(IReadOnlyList<string> ExecStart, string? EnvironmentFile)
{
    public static SystemdUnit Read(string path)
    {
        var lines = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && line[0] is not ('#' or ';')).ToList();
        string? Value(string key) => lines.Where(line => line.StartsWith(key + "=", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..]).SingleOrDefault();
        var execStart = Value("ExecStart") ?? throw new AssertionException($"{path} has no ExecStart=");
        return new SystemdUnit(execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries), Value("EnvironmentFile"));
    }
}
