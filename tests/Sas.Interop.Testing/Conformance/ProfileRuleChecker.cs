using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Sas.Interop.Testing.Conformance;

/// <summary>
/// An independent profile-rule checker built from the IG's own StructureDefinition snapshots (there is no Java
/// validator nor Firely validation package here). It checks a resource against every profile in its
/// <c>meta.profile</c>, its contained resources and Bundle entries against theirs, and Bundle entries against the
/// profiles their entry slices impose. Covered: cardinalities on present paths, fixed[x]/pattern[x], maxLength,
/// required bindings to value sets it can expand, simple slicing (value/pattern/type/profile discriminators),
/// aggregation <c>contained</c>, the IG's own invariants (FHIRPath), and empty elements (ele-1). What it cannot
/// evaluate comes back as <see cref="ViolationSeverity.Skipped"/> findings, never silently.
/// </summary>
public sealed class ProfileRuleChecker
{
    private readonly Dictionary<string, (StructureDefinition Profile, ElementNode Root)> _profiles;

    private ProfileRuleChecker(IEnumerable<StructureDefinition> profiles, ValueSetCatalog valueSets)
    {
        _profiles = profiles
            .Where(p => p.Snapshot is not null)
            .ToDictionary(p => p.Url, p => (p, ElementNode.FromSnapshot(p)), StringComparer.Ordinal);
        ValueSets = valueSets;
    }

    /// <summary>Canonical URLs of the profiles loaded.</summary>
    public IReadOnlyCollection<string> ProfileUrls => _profiles.Keys;

    internal ValueSetCatalog ValueSets { get; }

    /// <summary>Loads the package beside the repository; ignores the calling test when it is absent.</summary>
    public static ProfileRuleChecker LoadFromIgPackage(IEnumerable<ValueSet>? supplementaryValueSets = null)
    {
        if (IgPackage.Directory is not { } directory)
        {
            Assert.Ignore("The SAS IG package (shared/sas-ig beside the repository) is not available; profile checks skipped.");
            throw new InvalidOperationException("unreachable");
        }

        return Load(directory, supplementaryValueSets);
    }

    /// <summary>Loads StructureDefinitions, ValueSets and CodeSystems from a package folder (top level).</summary>
    public static ProfileRuleChecker Load(string packageDirectory, IEnumerable<ValueSet>? supplementaryValueSets = null)
    {
        var parser = new FhirJsonDeserializer();
        var resources = new[] { "StructureDefinition-", "ValueSet-", "CodeSystem-" }
            .SelectMany(prefix => System.IO.Directory.GetFiles(packageDirectory, prefix + "*.json"))
            .Order(StringComparer.Ordinal)
            .Select(file => parser.Deserialize<Resource>(File.ReadAllText(file)))
            .ToList();

        // The package's own value sets win over a supplement with the same URL.
        var valueSets = (supplementaryValueSets ?? []).Concat(resources.OfType<ValueSet>());
        return new ProfileRuleChecker(resources.OfType<StructureDefinition>(), new ValueSetCatalog(valueSets, resources.OfType<CodeSystem>()));
    }

    /// <summary>Every finding (errors and skipped rules) for the resource and everything inside it.</summary>
    public IReadOnlyList<ProfileViolation> Check(Resource resource)
    {
        var run = new ProfileCheckRun(this);
        run.CheckResourceTree(resource, resource.TypeName);
        return run.Findings;
    }

    internal bool TryGetProfile(string url, out StructureDefinition profile, out ElementNode root)
    {
        if (_profiles.TryGetValue(url.Split('|')[0], out var found))
        {
            (profile, root) = found;
            return true;
        }

        (profile, root) = (null!, null!);
        return false;
    }

    internal bool IsPackageProfile(string? url) => url is not null && _profiles.ContainsKey(url.Split('|')[0]);
}
