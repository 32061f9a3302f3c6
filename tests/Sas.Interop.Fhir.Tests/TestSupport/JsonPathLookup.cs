using System.Text.Json.Nodes;

namespace Sas.Interop.Fhir.Tests.TestSupport;

/// <summary>JSON path lookups for the mutations (System.Text.Json has GetPath but no inverse).</summary>
internal static class JsonPathLookup
{
    public static JsonNode? TryGetByPath(this JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexes = new List<int>();
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = segment[..bracket];
                indexes.AddRange(segment[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }

            node = node?[name];
            foreach (var index in indexes)
            {
                node = node?[index];
            }
        }

        return node;
    }
}
