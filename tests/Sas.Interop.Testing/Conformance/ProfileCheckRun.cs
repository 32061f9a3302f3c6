using System.Runtime.CompilerServices;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>One <see cref="ProfileRuleChecker.Check"/> call: walks instances against snapshot trees, collects findings.</summary>
internal sealed class ProfileCheckRun(ProfileRuleChecker checker)
{
    private const string NoProfile = "(none)";

    private readonly HashSet<(Resource Resource, string Profile)> _checked = new(new ResourceProfileComparer());
    private readonly HashSet<string> _skipNotes = new(StringComparer.Ordinal);

    public List<ProfileViolation> Findings { get; } = [];

    /// <summary>A resource against its declared profiles, then what it holds (contained, Bundle entries).</summary>
    public void CheckResourceTree(Resource resource, string location)
    {
        CheckNoEmptyElements(resource, location);
        var declared = resource.Meta?.Profile.ToList() ?? [];
        if (declared.Count == 0)
        {
            Skip(location, "meta.profile", NoProfile, "the resource declares no profile; only what other profiles impose on it is checked");
        }

        foreach (var profile in declared)
        {
            CheckAgainst(resource, profile, location);
        }

        if (resource is DomainResource domain)
        {
            for (var i = 0; i < domain.Contained.Count; i++)
            {
                CheckResourceTree(domain.Contained[i], $"{location}.contained[{i}]{InstanceNavigation.Label(domain.Contained[i], contained: true)}");
            }
        }

        if (resource is Bundle bundle)
        {
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                if (bundle.Entry[i].Resource is { } entryResource)
                {
                    CheckResourceTree(entryResource, $"{location}.entry[{i}].resource{InstanceNavigation.Label(entryResource)}");
                }
            }
        }
    }

    private void CheckAgainst(Resource resource, string profileUrl, string location)
    {
        if (!_checked.Add((resource, profileUrl)))
        {
            return;
        }

        if (!checker.TryGetProfile(profileUrl, out var profile, out var root))
        {
            Skip(location, "meta.profile", profileUrl, "profile not in the IG package; not checked");
            return;
        }

        if (profile.Type != resource.TypeName)
        {
            Error(location, "profile type", profileUrl, $"profile constrains {profile.Type}, resource is {resource.TypeName}");
            return;
        }

        CheckElement(resource, root, location, resource, profileUrl);
    }

    private void CheckElement(Base instance, ElementNode node, string location, Resource container, string profile)
    {
        CheckValueRules(instance, node, location, container, profile);
        foreach (var child in node.Children)
        {
            var items = InstanceNavigation.Children(instance, child.Name);
            var childLocation = location + "." + child.Name;
            CheckCardinality(items.Count, child.Definition, childLocation, profile, "");

            var sliceOf = child.Slices.Count > 0 && child.Definition.Slicing is not null
                ? AssignSlices(items.Select(i => i.Value).ToList(), child, childLocation, profile)
                : null;

            for (var i = 0; i < items.Count; i++)
            {
                var itemLocation = location + items[i].Location;
                CheckElement(items[i].Value, child, itemLocation, container, profile);
                if (sliceOf?[i] is { } slice)
                {
                    CheckElement(items[i].Value, slice, itemLocation, container, profile);
                }
            }
        }
    }

    private void CheckCardinality(int count, ElementDefinition definition, string location, string profile, string slice)
    {
        var min = definition.Min ?? 0;
        var max = definition.Max is null or "*" ? int.MaxValue : int.Parse(definition.Max, System.Globalization.CultureInfo.InvariantCulture);
        if (count < min || count > max)
        {
            Error(location, $"cardinality {definition.Min}..{definition.Max}{slice}", profile, $"found {count}");
        }
    }

    /// <summary>The slice each item belongs to (null = none), after checking slice cardinalities and closed rules.</summary>
    private ElementNode?[] AssignSlices(List<Base> items, ElementNode sliced, string location, string profile)
    {
        var slicing = sliced.Definition.Slicing;
        var assigned = new ElementNode?[items.Count];
        var evaluable = true;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var slice in sliced.Slices)
            {
                var match = MatchesSlice(items[i], slice, slicing.Discriminator);
                if (match is null)
                {
                    evaluable = false;
                    break;
                }

                if (match.Value)
                {
                    assigned[i] = slice;
                    break;
                }
            }
        }

        if (!evaluable)
        {
            var discriminators = string.Join(", ", slicing.Discriminator.Select(d => $"{d.Type}:{d.Path}"));
            Skip(location, $"slicing {discriminators}", profile, "discriminator not evaluable here; slice membership and slice cardinalities not checked");
            return new ElementNode?[items.Count];
        }

        foreach (var slice in sliced.Slices)
        {
            CheckCardinality(assigned.Count(a => a == slice), slice.Definition, $"{location}:{slice.SliceName}", profile, $" (slice {slice.SliceName})");
        }

        if (slicing.Rules == ElementDefinition.SlicingRules.Closed)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (assigned[i] is null)
                {
                    Error($"{location}[{i}]", "slicing closed", profile, "matches no slice of a closed slicing");
                }
            }
        }

        return assigned;
    }

    /// <summary>True/false when every discriminator could be evaluated, null otherwise.</summary>
    private bool? MatchesSlice(Base item, ElementNode slice, List<ElementDefinition.DiscriminatorComponent> discriminators)
    {
        foreach (var discriminator in discriminators)
        {
            var values = InstanceNavigation.Walk(item, discriminator.Path);
            var target = slice.Descendant(discriminator.Path);
            if (discriminator.Path == "url" && target?.Definition.Fixed is null
                && slice.Definition.Type.FirstOrDefault()?.Profile.FirstOrDefault() is { } extensionUrl)
            {
                // Extension slices: the slice's extension profile is its url (the snapshot need not unfold .url).
                if (!values.Any(v => v is PrimitiveType url && InstanceNavigation.PrimitiveText(url) == extensionUrl))
                {
                    return false;
                }

                continue;
            }

            if (target is null)
            {
                return null;
            }

            bool? match = discriminator.Type switch
            {
                ElementDefinition.DiscriminatorType.Value or ElementDefinition.DiscriminatorType.Pattern => MatchesValue(values, target),
                ElementDefinition.DiscriminatorType.Type => target.Definition.Type.Count == 0 ? null : values.Any(v => target.Definition.Type.Any(t => t.Code == v.TypeName)),
                ElementDefinition.DiscriminatorType.Profile => target.Definition.Type.SelectMany(t => t.Profile).ToList() is { Count: > 0 } profiles
                    ? values.OfType<Resource>().Any(r => r.Meta?.Profile.Any(profiles.Contains) == true)
                    : null,
                _ => null,
            };
            if (match is not true)
            {
                return match;
            }
        }

        return true;
    }

    private bool? MatchesValue(List<Base> values, ElementNode target)
    {
        var definition = target.Definition;
        if (definition.Fixed is { } fixedValue)
        {
            return values.Any(v => PatternMatcher.Matches(v, fixedValue, exact: true));
        }

        if (definition.Pattern is { } pattern)
        {
            return values.Any(v => PatternMatcher.Matches(v, pattern, exact: false));
        }

        if (definition.Binding is { Strength: BindingStrength.Required, ValueSet: { } valueSet } && checker.ValueSets.Expand(valueSet) is { } codes)
        {
            return values.Any(v => BindingVerdict(v, codes) is null);
        }

        return null;
    }

    private void CheckValueRules(Base instance, ElementNode node, string location, Resource container, string profile)
    {
        var definition = node.Definition;
        if (definition.Fixed is { } fixedValue && !PatternMatcher.Matches(instance, fixedValue, exact: true))
        {
            Error(location, $"fixed{fixedValue.TypeName}", profile, $"must be exactly {Describe(fixedValue)}");
        }

        if (definition.Pattern is { } pattern && !PatternMatcher.Matches(instance, pattern, exact: false))
        {
            Error(location, $"pattern{pattern.TypeName}", profile, $"must contain {Describe(pattern)}");
        }

        if (definition.MaxLength is { } maxLength && instance is PrimitiveType primitive
            && InstanceNavigation.PrimitiveText(primitive) is { } text && text.Length > maxLength)
        {
            Error(location, $"maxLength {maxLength}", profile, $"'{text}' has {text.Length} characters");
        }

        if (definition.Binding is { Strength: BindingStrength.Required, ValueSet: { } valueSet })
        {
            CheckRequiredBinding(instance, valueSet, location, profile);
        }

        foreach (var constraint in definition.Constraint)
        {
            // Only the IG's own invariants: core ones (ele-1 aside, checked as "no empty elements") are out of scope.
            if (checker.IsPackageProfile(constraint.Source) && !instance.Predicate(constraint.Expression, new FhirEvaluationContext()))
            {
                Error(location, $"invariant {constraint.Key}", profile, $"{constraint.Human} ({constraint.Expression})");
            }
        }

        if (instance is ResourceReference reference)
        {
            CheckAggregation(reference, definition, location, container, profile);
        }

        // A resource inside an element typed with a package profile (a Bundle entry slice) must meet that profile.
        if (instance is Resource resource)
        {
            foreach (var typeProfile in definition.Type.SelectMany(t => t.Profile).Where(checker.IsPackageProfile))
            {
                CheckAgainst(resource, typeProfile, location + InstanceNavigation.Label(resource));
            }
        }
    }

    private void CheckRequiredBinding(Base instance, string valueSet, string location, string profile)
    {
        if (instance is not (CodeableConcept or Coding or PrimitiveType { TypeName: "code" }))
        {
            return;
        }

        var rule = $"binding required {valueSet}";
        var codes = checker.ValueSets.Expand(valueSet);
        if (codes is null && IsFirelyEnumCode(instance, out var literal))
        {
            // Core value sets behind Firely's Code<TEnum> (slotstatus, bundle-type…): the enum is the code system.
            if (literal is not null)
            {
                Error(location, rule, profile, $"'{literal}' is not a code of {valueSet}");
            }

            return;
        }

        if (codes is null)
        {
            Skip(location, rule, profile, "value set not in the IG package (or not expandable from it); binding not checked");
            return;
        }

        if (BindingVerdict(instance, codes) is { } problem)
        {
            Error(location, rule, profile, problem);
        }
    }

    /// <summary>True for a Firely <c>Code&lt;TEnum&gt;</c>; <paramref name="unknownLiteral"/> is set when its text maps to no enum member.</summary>
    private static bool IsFirelyEnumCode(Base instance, out string? unknownLiteral)
    {
        unknownLiteral = null;
        var type = instance.GetType();
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Code<>))
        {
            return false;
        }

        var text = InstanceNavigation.PrimitiveText((PrimitiveType)instance);
        if (text is not null && type.GetProperty(nameof(Code<Slot.SlotStatus>.Value), System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)?.GetValue(instance) is null)
        {
            unknownLiteral = text;
        }

        return true;
    }

    /// <summary>Null when the value is in the expansion, else what is wrong.</summary>
    private static string? BindingVerdict(Base instance, HashSet<(string System, string Code)> codes) => instance switch
    {
        CodeableConcept { Coding.Count: 0 } => "no code provided (text only), and a code from this value set is required",
        CodeableConcept concept => concept.Coding.Any(c => codes.Contains((c.System, c.Code))) ? null
            : $"none of {string.Join(", ", concept.Coding.Select(c => c.System + "#" + c.Code))} is in the value set",
        Coding coding => codes.Contains((coding.System, coding.Code)) ? null : $"{coding.System}#{coding.Code} is not in the value set",
        PrimitiveType code => InstanceNavigation.PrimitiveText(code) is { } value && codes.Any(c => c.Code == value) ? null
            : $"'{InstanceNavigation.PrimitiveText(code)}' is not in the value set",
        _ => null,
    };

    private void CheckAggregation(ResourceReference reference, ElementDefinition definition, string location, Resource container, string profile)
    {
        var referenceType = definition.Type.FirstOrDefault(t => t.Code == "Reference");
        if (referenceType is null || !referenceType.Aggregation.Contains(ElementDefinition.AggregationMode.Contained))
        {
            return;
        }

        var onlyContained = referenceType.Aggregation.All(a => a == ElementDefinition.AggregationMode.Contained);
        if (reference.Reference is not { } target || !target.StartsWith('#'))
        {
            if (onlyContained)
            {
                Error(location, "aggregation contained", profile, $"must reference a contained resource ('#id'), found '{reference.Reference}'");
            }

            return;
        }

        var contained = (container as DomainResource)?.Contained.FirstOrDefault(c => "#" + c.Id == target);
        if (contained is null)
        {
            Error(location, "aggregation contained", profile, $"'{target}' resolves to no contained resource");
            return;
        }

        foreach (var targetProfile in referenceType.TargetProfile.Where(checker.IsPackageProfile))
        {
            CheckAgainst(contained, targetProfile, $"{location}{InstanceNavigation.Label(contained, contained: true)}");
        }
    }

    /// <summary>ele-1: every element has a value or children; resources inside are walked on their own.</summary>
    private void CheckNoEmptyElements(Base node, string location)
    {
        foreach (var (name, value) in node.EnumerateElements())
        {
            var items = value switch
            {
                Base single => [(single, "." + name)],
                IEnumerable<Base> list => list.Select((item, i) => (item, $".{name}[{i}]")).ToList(),
                _ => [],
            };
            foreach (var (item, suffix) in items)
            {
                if (item is Resource)
                {
                    continue;
                }

                var itemLocation = location + suffix;
                var hasChildren = item.EnumerateElements().Any();
                var empty = item is PrimitiveType primitive
                    ? string.IsNullOrWhiteSpace(InstanceNavigation.PrimitiveText(primitive)) && !hasChildren
                    : !hasChildren;
                if (empty)
                {
                    Error(itemLocation, "ele-1 (no empty elements)", NoProfile, "element has neither a value nor children");
                }

                CheckNoEmptyElements(item, itemLocation);
            }
        }
    }

    /// <summary>A compact JSON-like rendering of a fixed or pattern value for messages.</summary>
    private static string Describe(Base value) => value switch
    {
        PrimitiveType p => $"'{InstanceNavigation.PrimitiveText(p)}'",
        _ => "{" + string.Join(", ", value.EnumerateElements().Select(e => e.Key + ": " + e.Value switch
        {
            Base single => Describe(single),
            IEnumerable<Base> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
            _ => "?",
        })) + "}",
    };

    private void Error(string location, string rule, string profile, string message) =>
        Findings.Add(new ProfileViolation(location, rule, profile, message, ViolationSeverity.Error));

    private void Skip(string location, string rule, string profile, string message)
    {
        // One note per rule and location is enough.
        if (_skipNotes.Add(location + "|" + rule + "|" + profile))
        {
            Findings.Add(new ProfileViolation(location, rule, profile, message, ViolationSeverity.Skipped));
        }
    }

    private sealed class ResourceProfileComparer : IEqualityComparer<(Resource Resource, string Profile)>
    {
        public bool Equals((Resource Resource, string Profile) x, (Resource Resource, string Profile) y) =>
            ReferenceEquals(x.Resource, y.Resource) && string.Equals(x.Profile, y.Profile, StringComparison.Ordinal);

        public int GetHashCode((Resource Resource, string Profile) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Resource), StringComparer.Ordinal.GetHashCode(obj.Profile));
    }
}
