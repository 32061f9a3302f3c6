using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>
/// Expands the value sets the checker knows (the package's, plus any supplied) from <c>compose.include</c>: concept
/// lists, and whole code systems when the code system itself is known. Anything else (filters, unknown code
/// systems, value sets outside the package) is reported as not expandable so the binding is skipped, not guessed.
/// </summary>
internal sealed class ValueSetCatalog
{
    private readonly Dictionary<string, ValueSet> _valueSets;
    private readonly Dictionary<string, CodeSystem> _codeSystems;
    private readonly Dictionary<string, HashSet<(string System, string Code)>?> _expansions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ValueSetCatalog(IEnumerable<ValueSet> valueSets, IEnumerable<CodeSystem> codeSystems)
    {
        _valueSets = valueSets.GroupBy(v => v.Url).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _codeSystems = codeSystems.GroupBy(c => c.Url).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    /// <summary>The (system, code) pairs of a value set, or null when it cannot be expanded here.</summary>
    public HashSet<(string System, string Code)>? Expand(string valueSetUrl)
    {
        var url = valueSetUrl.Split('|')[0];
        lock (_gate)
        {
            if (!_expansions.TryGetValue(url, out var expansion))
            {
                expansion = Compute(url, depth: 0);
                _expansions[url] = expansion;
            }

            return expansion;
        }
    }

    private HashSet<(string, string)>? Compute(string url, int depth)
    {
        if (depth > 5 || !_valueSets.TryGetValue(url, out var valueSet) || valueSet.Compose is null)
        {
            return null;
        }

        var codes = new HashSet<(string, string)>();
        foreach (var include in valueSet.Compose.Include)
        {
            var part = Component(include, depth);
            if (part is null)
            {
                return null;
            }

            codes.UnionWith(part);
        }

        foreach (var exclude in valueSet.Compose.Exclude)
        {
            var part = Component(exclude, depth);
            if (part is null)
            {
                return null;
            }

            codes.ExceptWith(part);
        }

        return codes;
    }

    private HashSet<(string, string)>? Component(ValueSet.ConceptSetComponent component, int depth)
    {
        if (component.Filter.Count > 0)
        {
            return null;
        }

        HashSet<(string, string)>? codes = null;
        if (component.System is { } system)
        {
            if (component.Concept.Count > 0)
            {
                codes = [.. component.Concept.Select(c => (system, c.Code))];
            }
            else if (_codeSystems.TryGetValue(system, out var codeSystem) && codeSystem.Content == CodeSystemContentMode.Complete)
            {
                codes = [.. Flatten(codeSystem.Concept).Select(code => (system, code))];
            }
            else
            {
                return null;
            }
        }

        foreach (var imported in component.ValueSet)
        {
            var other = Compute(imported.Split('|')[0], depth + 1);
            if (other is null)
            {
                return null;
            }

            // Several value sets (or a system and value sets) in one include intersect.
            codes = codes is null ? other : [.. codes.Intersect(other)];
        }

        return codes ?? [];
    }

    private static IEnumerable<string> Flatten(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts) =>
        concepts.SelectMany(c => Flatten(c.Concept).Prepend(c.Code));
}
