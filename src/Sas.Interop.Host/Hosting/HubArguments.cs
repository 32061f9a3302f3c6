namespace Sas.Interop.Host.Hosting;

/// <summary>
/// The hub's own command-line switches (<c>--demo</c>, <c>--config file.json</c>), taken out before ASP.NET Core
/// reads the rest as configuration (it would choke on a value-less <c>--demo</c>). A first argument <c>migrate</c>
/// applies the store's migrations and exits.
/// </summary>
internal sealed record HubArguments(bool Demo, IReadOnlyList<string> ConfigFiles, string[] Remaining, bool Migrate = false)
{
    public const string MigrateCommand = "migrate";

    public static HubArguments Parse(string[] args)
    {
        var demo = false;
        var configFiles = new List<string>();
        var remaining = new List<string>();
        var migrate = args.Length > 0 && args[0] == MigrateCommand;
        for (var i = migrate ? 1 : 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--demo")
            {
                demo = true;
            }
            else if (arg is "--config")
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException("--config needs a JSON file path after it.");
                }

                configFiles.Add(args[++i]);
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configFiles.Add(arg["--config=".Length..]);
            }
            else
            {
                remaining.Add(arg);
            }
        }

        foreach (var file in configFiles)
        {
            if (!File.Exists(file))
            {
                throw new ArgumentException($"--config file '{Path.GetFullPath(file)}' does not exist.");
            }
        }

        return new HubArguments(demo, configFiles, [.. remaining], migrate);
    }
}
