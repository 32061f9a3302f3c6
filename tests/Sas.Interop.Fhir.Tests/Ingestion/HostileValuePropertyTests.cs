using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Sync;
using Sas.Interop.Ingestion.Normalisation;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Fhir.Tests.TestSupport;
using Sas.Interop.Testing;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>
/// Issue #14 case 2, as a property: the IG example bundles with hostile values put in random elements (a JSON type
/// the element cannot hold, a number beyond range, an impossible date, absurd text) are normalised without an
/// exception, and each resource given a value it cannot hold gets an issue naming that element.
/// </summary>
public sealed partial class HostileValuePropertyTests
{
    // A few seconds in CI; CsCheck_Iter=20000 for a longer search (CsCheck_Seed replays a failure).
    private static readonly long Iterations = long.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var iterations) ? iterations : 400;

    // Valid JSON that no element of the wrong JSON type can hold. (A number beyond decimal's range, 1e30, is kept by
    // Firely as its text, which a string element can hold: that one is tried on numbers and in the absurd text.)
    private static readonly string[] ForStrings = ["99999999999999999999999", "true", "12", "0", "false"];
    private static readonly string[] ForNumbers = ["1e30", "-1e400", "\"1e30\"", "\"NaN\"", "\"Infinity\"", "true"];
    private static readonly string[] ForBooleans = ["1e30", "\"yes\"", "0"];
    private static readonly string[] ForInstants = ["\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"2021-02-30T10:00:00Z\"", "\"2021-11-05T25:00:00+01:00\"", "\"+275760-09-13T00:00:00Z\""];

    // Valid for a string element, absurd for a hub: never an exception, whatever is done with them.
    private static readonly string[] AbsurdText = ["1e30", "-1e400", $"\"{new string('9', 100_000)}\"", "\"\\u0000\\u0001\"", "\"   \"", "\"Schedule/\"", "\"#\"", "\"|\"", "\"\\ud83d\\ude00 é\"", "\"Practitioner/../../x\""];

    private static readonly (string File, SyncScope Scope)[] Examples =
    [
        (IgPackage.PsBundle, IgPsSearch.Scope),
        (IgPackage.CptsBundle1, new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2024, 6, 13, 0, 0, 0, TimeSpan.FromHours(2)))),
        (IgPackage.CptsBundle2, new SyncScope(SyncScopeKind.Practitioner, ["810002909371"], DateTimeOffset.MinValue, DateTimeOffset.MaxValue)),
        (IgPackage.SosBundle, new SyncScope(SyncScopeKind.Organization, ["334173748400020", "392080466300010"], DateTimeOffset.MinValue, DateTimeOffset.MaxValue)),
    ];

    private readonly FhirNormalizer normalizer = new();

    [Test]
    public void Values_an_element_cannot_hold_never_throw_and_each_yields_an_issue_naming_the_element()
    {
        var examples = Load();
        Gen.Select(Gen.Int[0, examples.Count - 1], Gen.Int[0, int.MaxValue].Array[1, 3], Gen.Int[0, 99].Array[3]).Sample(
            (example, leafPicks, valuePicks) =>
            {
                var (json, scope, leaves) = examples[example];
                var root = JsonNode.Parse(json)!;
                var paths = leafPicks.Select(pick => leaves[pick % leaves.Count]).Distinct(StringComparer.Ordinal);
                var mutations = paths.Select((path, i) => Mutate(root, path, valuePicks[i], absurd: false)).ToList();

                var batch = Normalize(root, scope);

                // Plain exceptions, not NUnit asserts: NUnit would also record every failing sample tried while shrinking.
                foreach (var (resourcePath, type, expression, value) in mutations)
                {
                    var id = IdAt(root, resourcePath);
                    // A resource whose id was spoilt is dropped before it is read: that drop is its issue.
                    if (!batch.Issues.Any(issue => issue.ResourceType == type && (id is null ? issue.NativeId is null : issue.NativeId == id && issue.Expression == expression)))
                    {
                        throw new InvalidOperationException($"{type}/{id}: {expression} = {Shorten(value)} gave no issue naming it; mutations: {string.Join(" ; ", mutations.Select(m => $"{m.Expression}={Shorten(m.Value)}"))}; issues: {string.Join(" | ", batch.Issues.Select(i => $"{i.ResourceType}/{i.NativeId} {i.Reason} {i.Expression}"))}");
                    }
                }
            },
            iter: Iterations,
            threads: 1,
            print: t => $"{Examples[t.Item1].File} leaves {string.Join(",", t.Item2)} values {string.Join(",", t.Item3)}");
    }

    [Test]
    public void Absurd_text_in_any_string_element_never_throws()
    {
        var examples = Load();
        Gen.Select(Gen.Int[0, examples.Count - 1], Gen.Int[0, int.MaxValue].Array[1, 4], Gen.Int[0, 99].Array[4]).Sample(
            (example, leafPicks, valuePicks) =>
            {
                var (json, scope, leaves) = examples[example];
                var root = JsonNode.Parse(json)!;
                var strings = leaves.Where(path => root.AsObject().TryGetByPath(path) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
                foreach (var (path, i) in leafPicks.Select(pick => strings[pick % strings.Count]).Distinct(StringComparer.Ordinal).Select((p, i) => (p, i)))
                {
                    Mutate(root, path, valuePicks[i], absurd: true);
                }

                Normalize(root, scope);
            },
            iter: Iterations,
            threads: 1,
            print: t => $"{Examples[t.Item1].File} leaves {string.Join(",", t.Item2)} values {string.Join(",", t.Item3)}");
    }

    private static List<(string Json, SyncScope Scope, List<string> Leaves)> Load() =>
        [.. Examples.Select(e =>
        {
            var json = IgPackage.ReadExample(e.File);
            return (json, e.Scope, Leaves(JsonNode.Parse(json)!));
        })];

    // Every primitive value inside an entry's resource (contained resources too), as a JSON path; the resource type,
    // which decides what the object is, and narrative XHTML, which the hub never reads, are left alone.
    private static List<string> Leaves(JsonNode root)
    {
        var leaves = new List<string>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        if (key is not ("resourceType" or "div"))
                        {
                            Walk(child);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Walk(child);
                    }

                    break;
                case JsonValue value:
                    leaves.Add(value.GetPath());
                    break;
            }
        }

        foreach (var entry in root["entry"]!.AsArray())
        {
            Walk(entry!["resource"]);
        }

        return leaves;
    }

    /// <summary>Replaces the value at <paramref name="path"/>; returns the entry's resource (path, type) and the element's FHIRPath.</summary>
    private static (string ResourcePath, string Type, string Expression, string Value) Mutate(JsonNode root, string path, int pick, bool absurd)
    {
        var target = root.AsObject().TryGetByPath(path)!;
        var key = target.Parent is JsonArray list ? list.GetPropertyName() : target.GetPropertyName();
        var kind = target.GetValueKind();
        var choices = absurd ? AbsurdText
            : key is "start" or "end" or "lastUpdated" ? [.. ForInstants, .. ForStrings]
            : kind switch
            {
                System.Text.Json.JsonValueKind.Number => ForNumbers,
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => ForBooleans,
                _ => ForStrings,
            };
        var value = choices[pick % choices.Length];
        target.ReplaceWith(JsonNode.Parse(value));

        // "$.entry[3].resource.contained[0].position.latitude" → the entry's resource and "PractitionerRole.contained[0].position.latitude".
        var marker = ".resource";
        var at = path.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var type = root.AsObject().TryGetByPath(path[..at])!["resourceType"]!.GetValue<string>();
        return (path[..at], type, type + ChoiceSuffix().Replace(path[at..], ".value"), value);
    }

    // The entry's id once every mutation is made (null when one of them spoilt it).
    private static string? IdAt(JsonNode root, string resourcePath) =>
        root.AsObject().TryGetByPath(resourcePath)!["id"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String ? id.GetValue<string>() : null;

    private NormalizedBatch Normalize(JsonNode root, SyncScope scope)
    {
        var bundle = FhirJson.Parse<Bundle>(root.ToJsonString());
        return normalizer.Normalize("pub", scope, IgPackage.Resources(bundle), new DateTimeOffset(2021, 11, 4, 14, 20, 0, TimeSpan.Zero));
    }

    // FHIRPath names a choice element without its type suffix: JSON "valueReference" is "value".
    [GeneratedRegex(@"\.value[A-Z][A-Za-z]*")]
    private static partial Regex ChoiceSuffix();

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
