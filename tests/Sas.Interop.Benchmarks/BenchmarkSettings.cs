using System.Globalization;

namespace Sas.Interop.Benchmarks;

/// <summary>The command line: <c>&lt;scenario&gt; [--size 10k|100k|1m] [--quick] [--clients N] [--seconds N] [--served-cache-mb N] [--cycle-seconds N]</c>.</summary>
internal sealed record BenchmarkSettings
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/Sas.Interop.Benchmarks -- <scenario> [--size 10k|100k|1m] [--quick] [--clients N] [--seconds N] [--served-cache-mb N] [--cycle-seconds N]\n"
        + "scenarios: search, search-ingesting, ingest, sync-visibility, push-visibility, fanout-baseline, search-production, search-scaling, compression, all";

    public static readonly IReadOnlyList<string> AllScenarios = ["search", "search-ingesting", "ingest", "sync-visibility", "push-visibility", "fanout-baseline", "search-production", "search-scaling", "compression"];

    public required IReadOnlyList<string> Scenarios { get; init; }

    /// <summary>Slots in the store for search and visibility (and slots fetched for ingest, capped).</summary>
    public required int StoreSlots { get; init; }

    public required string SizeLabel { get; init; }

    /// <summary>Small sizes and short runs, for a smoke run: every scenario in well under a minute. Timings are printed, never asserted.</summary>
    public bool Quick { get; init; }

    /// <summary>Concurrent HTTP clients of the load driver.</summary>
    public int Clients { get; init; } = 16;

    /// <summary>Measured duration of each load phase (after warm-up).</summary>
    public TimeSpan LoadDuration { get; init; }

    /// <summary><c>Store:ServedCacheMegabytes</c> for the hub (null: the hub's default; 0: no cache).</summary>
    public int? ServedCacheMegabytes { get; init; }

    /// <summary>True when <c>--size</c> was given: scenarios with their own default size (search-production, search-scaling) take it.</summary>
    public bool SizeGiven { get; init; }

    /// <summary>True when <c>--seconds</c> was given: search-production's measured phase is otherwise two re-sync cycles.</summary>
    public bool SecondsGiven { get; init; }

    /// <summary>search-production: the real time in which every source is re-synced once (a 5-minute cadence compressed into it).</summary>
    public TimeSpan ResyncCycle { get; init; }

    /// <summary>The hub settings these options ask for.</summary>
    public Dictionary<string, string> HubSettings => ServedCacheMegabytes is { } megabytes
        ? new() { ["Store:ServedCacheMegabytes"] = megabytes.ToString(CultureInfo.InvariantCulture) }
        : [];

    public TimeSpan WarmUp => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>Upper bound on requests per load phase, whatever the duration.</summary>
    public int MaxRequests => Quick ? 20_000 : 500_000;

    public static BenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException(Usage);
        }

        var scenario = args[0];
        if (scenario != "all" && !AllScenarios.Contains(scenario))
        {
            throw new ArgumentException($"Unknown scenario '{args[0]}'.\n{Usage}");
        }

        var quick = false;
        string? size = null;
        int? clients = null;
        int? seconds = null;
        int? cacheMegabytes = null;
        int? cycleSeconds = null;
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--size" when i + 1 < args.Count:
                    size = args[++i].ToLowerInvariant();
                    break;
                case "--clients" when i + 1 < args.Count:
                    clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds" when i + 1 < args.Count:
                    seconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--served-cache-mb" when i + 1 < args.Count:
                    cacheMegabytes = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--cycle-seconds" when i + 1 < args.Count:
                    cycleSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    if (cycleSeconds <= 0)
                    {
                        throw new ArgumentException("--cycle-seconds must be positive.");
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }

        var sizeGiven = size is not null;
        size ??= quick ? "5k" : "10k";
        return new BenchmarkSettings
        {
            Scenarios = scenario == "all" ? AllScenarios : [scenario],
            SizeLabel = size,
            StoreSlots = ParseSize(size),
            Quick = quick,
            Clients = clients ?? 16,
            LoadDuration = TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 15)),
            ServedCacheMegabytes = cacheMegabytes,
            SizeGiven = sizeGiven,
            SecondsGiven = seconds is not null,
            ResyncCycle = TimeSpan.FromSeconds(cycleSeconds ?? (quick ? 5 : 30)),
        };
    }

    /// <summary>These settings with <paramref name="size"/> as the store size, unless <c>--size</c> was given.</summary>
    public BenchmarkSettings WithDefaultSize(string size) => SizeGiven ? this : this with { SizeLabel = size, StoreSlots = ParseSize(size) };

    private static int ParseSize(string size)
    {
        var multiplier = size[^1] switch
        {
            'k' => 1_000,
            'm' => 1_000_000,
            _ => 1,
        };
        var digits = multiplier == 1 ? size : size[..^1];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0 || (long)value * multiplier > 5_000_000)
        {
            throw new ArgumentException($"--size '{size}' is not a slot count such as 10k, 100k or 1m (at most 5m).");
        }

        return value * multiplier;
    }
}
