namespace Sas.Interop.Host.Hosting;

/// <summary>
/// The hub's own command-line switch (<c>--config file.json</c>), taken out before ASP.NET Core reads the rest as
/// configuration. A first argument <c>migrate</c> applies the store's migrations and exits. <c>--demo</c> is refused
/// with where the demo went: its own program, so that no simulator ships in the hub.
/// </summary>
internal sealed record HubArguments(IReadOnlyList<string> ConfigFiles, string[] Remaining, bool Migrate = false)
{
    public const string MigrateCommand = "migrate";

    public const string DemoSwitch = "--demo";

    public const string DemoMoved = "--demo is not a switch of the hub any more: the demo moved to its own program. Run: dotnet run --project src/Sas.Interop.Demo";

    public static HubArguments Parse(string[] args)
    {
        var configFiles = new List<string>();
        var remaining = new List<string>();
        var migrate = args.Length > 0 && args[0] == MigrateCommand;
        for (var i = migrate ? 1 : 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is DemoSwitch)
            {
                throw new ArgumentException(DemoMoved);
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

        return new HubArguments(configFiles, [.. remaining], migrate);
    }
}
