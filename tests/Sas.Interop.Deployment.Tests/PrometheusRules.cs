using System.Text.RegularExpressions;
using Sas.Interop.Testing;
using YamlDotNet.RepresentationModel;

namespace Sas.Interop.Deployment.Tests;

/// <summary>The shipped Prometheus files (<c>samples/deploy/prometheus</c>), read as YAML, and the series their rules name.</summary>
internal static partial class PrometheusRules
{
    public const string Folder = "samples/deploy/prometheus";

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
    };

    public static string Directory => RepositoryFiles.PathOf(Folder);

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(PathOf(file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>Every rule of alerts.yml: its alert or record name and its expression.</summary>
    public static IReadOnlyList<(string? Alert, string? Record, string Expr)> Rules() =>
        [.. Sequence(Load("alerts.yml"), "groups")
            .SelectMany(group => Sequence(group, "rules"))
            .Select(rule => (Scalar(rule, "alert"), Scalar(rule, "record"), Scalar(rule, "expr")!))];

    /// <summary>
    /// The series names an expression selects: identifiers left once strings, label matchers, grouping clauses and
    /// ranges are removed, that are neither functions (followed by a parenthesis) nor PromQL keywords.
    /// </summary>
    public static IReadOnlySet<string> SeriesNamesIn(string expression)
    {
        var bare = StringLiteral().Replace(expression, string.Empty);
        bare = LabelMatchers().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        bare = Range().Replace(bare, " ");
        return Identifier().Matches(bare)
            .Where(m => !PromQlWords.Contains(m.Groups["name"].Value) && !m.Groups["call"].Success)
            .Select(m => m.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    public static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.Cast<YamlMappingNode>()
            : [];

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
