using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>FHIR fixed[x] (exactly equal) and pattern[x] (the instance contains the pattern's values) comparison.</summary>
internal static class PatternMatcher
{
    public static bool Matches(Base instance, Base expected, bool exact)
    {
        if (expected is PrimitiveType expectedPrimitive)
        {
            // Primitive types may differ (uri vs canonical, code vs Code<T>): FHIR compares the values.
            return instance is PrimitiveType actual
                && string.Equals(InstanceNavigation.PrimitiveText(actual), InstanceNavigation.PrimitiveText(expectedPrimitive), StringComparison.Ordinal);
        }

        var expectedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in expected.EnumerateElements())
        {
            expectedNames.Add(name);
            var wanted = value switch
            {
                Base single => [single],
                IEnumerable<Base> list => list.ToList(),
                _ => [],
            };
            var present = InstanceNavigation.Children(instance, name).Select(c => c.Value).ToList();
            if (exact)
            {
                if (present.Count != wanted.Count || !present.Zip(wanted).All(pair => Matches(pair.First, pair.Second, exact: true)))
                {
                    return false;
                }
            }
            else if (!wanted.All(w => present.Any(p => Matches(p, w, exact: false))))
            {
                return false;
            }
        }

        return !exact || instance.EnumerateElements().All(e => expectedNames.Contains(e.Key));
    }
}
