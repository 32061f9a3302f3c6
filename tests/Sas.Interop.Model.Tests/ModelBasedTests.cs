using System.Diagnostics;
using System.Globalization;
using System.Text;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// Issue #14: random sequences of publisher edits, syncs (with faults), configuration changes with restarts, pushes,
/// bookings and clock moves against the real hub, its PS-individuel answer compared with <see cref="TruthModel"/> after
/// every step. A disagreement is shrunk (steps dropped while it still disagrees) and printed step by step with the
/// diff. Budget: <c>SAS_INTEROP_MODEL_SOAK_MINUTES</c> (a soak) or the CI default below, checked between sequences;
/// <c>SAS_INTEROP_MODEL_SEED</c> replays from a seed; <c>SAS_INTEROP_MODEL_SUMMARY</c> names a file the closing line
/// is appended to.
/// </summary>
[Category("Model")]
[NonParallelizable]
public sealed class ModelBasedTests
{
    // CI: ~30 sequences (~400 steps) on SQLite, every step kind several times; with up to three shrinks of 25 s the
    // test stays under ~2.5 minutes per engine on 2 cores. A soak shrinks longer.
    private static readonly TimeSpan CiBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CiShrinkBudget = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan SoakShrinkBudget = TimeSpan.FromSeconds(120);
    private const int MaxFailuresReported = 3;

    private static readonly Lazy<AgendaResources> Resources = new(() => new AgendaResources(SequenceRunner.PractitionerCount, seed: 14));

    // Found by an 8-minute soak (seed 695657613): the unserved rows of a connector removed from the configuration counted
    // as another holder of the PS, so alpha's booking of its own pushed slot waited for an admin decision (403).
    [Test]
    public async Task A_removed_sources_leftover_rows_do_not_contest_a_booking()
    {
        var (failure, _) = await RunAsync(
            Step.ParseSequence("RosterAdd(12,39,20,19,3);Sync(48,46,65,64,91);DisableInstance(41,25,17,91,28);PushConditionalPut(50,64,34,69,58);Book(69,68,85,63,81)"),
            613);
        Assert.That(failure, Is.Null, failure?.Text);
    }

    [Test]
    public async Task Served_answers_equal_the_model_after_every_step()
    {
        var soak = Environment.GetEnvironmentVariable("SAS_INTEROP_MODEL_SOAK_MINUTES") is { Length: > 0 } minutes
            ? TimeSpan.FromMinutes(double.Parse(minutes, CultureInfo.InvariantCulture))
            : (TimeSpan?)null;
        var budget = soak ?? CiBudget;
        var shrinkBudget = soak is null ? CiShrinkBudget : SoakShrinkBudget;
        var firstSeed = Environment.GetEnvironmentVariable("SAS_INTEROP_MODEL_SEED") is { Length: > 0 } seedText
            ? ulong.Parse(seedText, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64(1, int.MaxValue);
        TestContext.Progress.WriteLine($"Model suite: first seed {firstSeed} (SAS_INTEROP_MODEL_SEED={firstSeed} replays), budget {budget}, skipped kinds: {string.Join(",", StepGenerator.Skipped)}");

        // SAS_INTEROP_MODEL_STEPS="Sync;Book(0);Sync": run exactly this sequence (e.g. a shrunk one, as printed).
        if (Environment.GetEnvironmentVariable("SAS_INTEROP_MODEL_STEPS") is { Length: > 0 } given)
        {
            var (failure, _) = await RunAsync(Step.ParseSequence(given), (int)(firstSeed % 1000));
            Assert.That(failure, Is.Null, failure?.Text);
            return;
        }

        var clock = Stopwatch.StartNew();
        int sequences = 0, steps = 0;
        var failures = new List<string>();
        var failedKinds = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = firstSeed; clock.Elapsed < budget && failures.Count < MaxFailuresReported; seed++)
        {
            var sequence = StepGenerator.For(seed);
            var (failure, ran) = await RunAsync(sequence, (int)(seed % 1000));
            sequences++;
            steps += ran;
            if (failure is null)
            {
                continue;
            }

            var shrunk = await ShrinkAsync(sequence, (int)(seed % 1000), ran, shrinkBudget);
            var (final, _) = await RunAsync(shrunk.Steps, (int)(seed % 1000));
            var report = $"Seed {seed}: {sequence.Length} steps shrunk to {shrunk.Steps.Length} ({shrunk.Runs} runs)\n{final?.Text ?? "(the shrunk sequence passed on replay: flaky)\n" + failure.Text}";
            TestContext.Progress.WriteLine(report);

            // The same disagreement found again says nothing new: count it, report it once.
            if (failedKinds.Add(final?.Signature ?? failure.Signature))
            {
                failures.Add(report);
            }
        }

        foreach (var kind in SequenceRunner.StepTimes.GroupBy(t => t.Kind).OrderByDescending(g => g.Sum(t => t.Took.TotalMilliseconds)))
        {
            TestContext.Progress.WriteLine($"  {kind.Key}: {kind.Count()} steps, mean {kind.Average(t => t.Took.TotalMilliseconds):0} ms");
        }

        if (!SequenceRunner.StructureSearchTimes.IsEmpty)
        {
            TestContext.Progress.WriteLine($"  Schedule search by structure (after every step): {SequenceRunner.StructureSearchTimes.Count} searches, mean {SequenceRunner.StructureSearchTimes.Average(t => t.TotalMilliseconds):0} ms");
        }

        var engine = Sas.Interop.Testing.Databases.TestDatabase.OnPostgres ? "PostgreSQL" : "SQLite";
        var summary = $"Model suite ({engine}): {sequences} sequences, {steps} steps, {failures.Count} failures";
        TestContext.Progress.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("SAS_INTEROP_MODEL_SUMMARY") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, summary + Environment.NewLine);
        }

        Assert.That(failures, Is.Empty, string.Join("\n\n", failures));
    }

    /// <summary>Runs a sequence on a fresh hub; returns the failure (with the resolved steps and the diff) and how many steps ran.</summary>
    internal static async Task<(Failure? Failure, int Steps)> RunAsync(IReadOnlyList<Step> sequence, int seed)
    {
        // One sequence in three runs with the suspicious-drop guard within reach (R1's guard rule).
        await using var runner = await SequenceRunner.StartAsync(Resources.Value, seed, guarded: seed % 3 == 0);
        for (var i = 0; i < sequence.Count; i++)
        {
            try
            {
                await runner.RunAsync(sequence[i]);
            }
            catch (Exception e)
            {
                var text = new StringBuilder();
                text.AppendLine("Steps (each resolved against the state it ran in):");
                foreach (var line in runner.Log)
                {
                    text.AppendLine("  " + line);
                }

                if (runner.Log.Count == i)
                {
                    text.AppendLine($"  {i + 1,2}. {sequence[i]}: failed while running");
                }

                text.AppendLine(e is ModelMismatchException ? e.Message : e.ToString());
                text.AppendLine($"Replay: SAS_INTEROP_MODEL_SEED={seed} SAS_INTEROP_MODEL_STEPS='{string.Join(";", sequence.Take(i + 1))}'");
                return (new Failure(text.ToString(), sequence[i].Kind + ":" + e.GetType().Name), i + 1);
            }
        }

        return (null, sequence.Count);
    }

    /// <summary>Drops chunks of steps (halves, quarters… single steps) while the sequence still fails; bounded in time.</summary>
    private static async Task<(Step[] Steps, int Runs)> ShrinkAsync(Step[] sequence, int seed, int failedAt, TimeSpan shrinkBudget)
    {
        var current = sequence[..failedAt];
        var clock = Stopwatch.StartNew();
        var runs = 0;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1 && clock.Elapsed < shrinkBudget; chunk /= 2)
        {
            var start = 0;
            while (start < current.Length && clock.Elapsed < shrinkBudget)
            {
                var candidate = current[..start].Concat(current[Math.Min(current.Length, start + chunk)..]).ToArray();
                if (candidate.Length == 0)
                {
                    start += chunk;
                    continue;
                }

                runs++;
                var (failure, ran) = await RunAsync(candidate, seed);
                if (failure is not null)
                {
                    current = candidate[..ran];
                }
                else
                {
                    start += chunk;
                }
            }
        }

        return (current, runs);
    }

    internal sealed record Failure(string Text, string Signature);
}
