using System.Globalization;
using Hl7.Fhir.Model;

namespace Sas.Interop.Testing.Conformance;

/// <summary>Walking Firely POCOs by element name (choice elements carry their name without the type suffix).</summary>
internal static class InstanceNavigation
{
    /// <summary>The children named <paramref name="name"/>, each with its location suffix (<c>.name</c> or <c>.name[i]</c>).</summary>
    public static List<(Base Value, string Location)> Children(Base instance, string name)
    {
        var found = new List<(Base, string)>();
        foreach (var (elementName, value) in instance.EnumerateElements())
        {
            if (elementName != name)
            {
                continue;
            }

            switch (value)
            {
                case Base single:
                    found.Add((single, "." + name));
                    break;
                case IEnumerable<Base> list:
                    found.AddRange(list.Select((item, i) => (item, $".{name}[{i}]")));
                    break;
                default:
                    break;
            }
        }

        return found;
    }

    /// <summary>Every value reached by a dotted path (<c>$this</c> = the instance), lists flattened.</summary>
    public static List<Base> Walk(Base instance, string path)
    {
        List<Base> current = [instance];
        if (path is "$this" or "")
        {
            return current;
        }

        foreach (var part in path.Split('.'))
        {
            current = [.. current.SelectMany(c => Children(c, part).Select(x => x.Value))];
        }

        return current;
    }

    /// <summary>A primitive's value as FHIR JSON would write it, or null.</summary>
    public static string? PrimitiveText(PrimitiveType primitive) => primitive.JsonValue switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>A short label for a resource inside a location: <c>(Slot/s1)</c> or <c>(Location/#loc)</c>.</summary>
    public static string Label(Resource resource, bool contained = false) =>
        $"({resource.TypeName}/{(contained ? "#" : string.Empty)}{resource.Id})";
}
