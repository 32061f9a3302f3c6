using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>
/// One snapshot element as a tree node: its named children and, when it is sliced, its slices (each a node whose
/// own children are the slice's constraints).
/// </summary>
internal sealed class ElementNode
{
    private ElementNode(ElementDefinition definition, string name)
    {
        Definition = definition;
        Name = name;
    }

    public ElementDefinition Definition { get; }

    /// <summary>Element name as it appears in instances (<c>value[x]</c> becomes <c>value</c>).</summary>
    public string Name { get; }

    public string? SliceName => Definition.SliceName;

    public List<ElementNode> Children { get; } = [];

    public List<ElementNode> Slices { get; } = [];

    /// <summary>Builds the tree from a snapshot; element ids (<c>Bundle.entry:slot.resource</c>) give the shape.</summary>
    public static ElementNode FromSnapshot(StructureDefinition profile)
    {
        var elements = profile.Snapshot?.Element ?? throw new InvalidOperationException($"{profile.Url} has no snapshot.");
        var byId = new Dictionary<string, ElementNode>(StringComparer.Ordinal);
        ElementNode? root = null;
        foreach (var element in elements)
        {
            var id = element.ElementId ?? element.Path;
            var lastDot = id.LastIndexOf('.');
            var segment = lastDot < 0 ? id : id[(lastDot + 1)..];
            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            var elementName = colon < 0 ? segment : segment[..colon];
            var node = new ElementNode(element, elementName.Replace("[x]", string.Empty, StringComparison.Ordinal));
            byId[id] = node;

            if (lastDot < 0)
            {
                root = node;
                continue;
            }

            var parentId = id[..lastDot];
            if (colon >= 0)
            {
                // A slice hangs on the sliced element: same parent, same name, no slice suffix.
                if (byId.TryGetValue(parentId + "." + elementName, out var sliced))
                {
                    sliced.Slices.Add(node);
                }
            }
            else if (byId.TryGetValue(parentId, out var parent))
            {
                parent.Children.Add(node);
            }
        }

        return root ?? throw new InvalidOperationException($"{profile.Url} snapshot has no root element.");
    }

    /// <summary>The descendant reached by a dotted relative path (<c>$this</c> is the node itself), or null.</summary>
    public ElementNode? Descendant(string relativePath)
    {
        if (relativePath is "$this" or "")
        {
            return this;
        }

        var current = this;
        foreach (var part in relativePath.Split('.'))
        {
            current = current.Children.FirstOrDefault(c => c.Name == part);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
