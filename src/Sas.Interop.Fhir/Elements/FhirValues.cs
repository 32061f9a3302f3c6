using System.Collections;
using System.Globalization;
using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Elements;

/// <summary>
/// Safe reads of primitive values. A leniently parsed resource can hold values Firely could not interpret
/// (an unknown code, a malformed instant, a number beyond <see cref="decimal"/>); its typed getters then throw, so
/// these return null instead.
/// </summary>
internal static class FhirValues
{
    public static T? Enum<T>(Code<T>? code)
        where T : struct, System.Enum =>
        code is not null && code.HasValidValue() ? code.Value : null;

    public static DateTimeOffset? Instant(Instant? instant) =>
        instant is not null && instant.HasValidValue() ? instant.Value : null;

    public static bool? Boolean(FhirBoolean? value) =>
        value is not null && value.HasValidValue() ? value.Value : null;

    /// <summary>
    /// A decimal as a double. Firely keeps a JSON number beyond <see cref="decimal"/>'s range (<c>1e30</c>) as its
    /// text: it is read here as the double it is, for the caller to judge its range. Null when absent or not a number.
    /// </summary>
    public static double? Number(FhirDecimal? value) => value?.JsonValue switch
    {
        decimal number => (double)number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible number and not string and not bool => number.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The raw text of a primitive, for messages.</summary>
    public static string? Raw(PrimitiveType? primitive) => Convert.ToString(primitive?.JsonValue, CultureInfo.InvariantCulture);

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Every primitive of <paramref name="root"/> (contained resources included) whose value Firely could not hold,
    /// with its FHIRPath (<c>PractitionerRole.contained[0].position.latitude</c>). Narrative XHTML is not read by the
    /// hub and not checked. It walks every element of every resource ingested, so a path is only written for a value
    /// found: the walk keeps (name, index) steps, not strings.
    /// </summary>
    public static IReadOnlyList<(string Path, PrimitiveType Value)> Unreadable(Base root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        var found = new List<(string Path, PrimitiveType Value)>();
        Collect(root, path, [], found);
        return found;
    }

    private static void Collect(Base element, string root, List<(string Name, int Index)> steps, List<(string Path, PrimitiveType Value)> found)
    {
        if (element is PrimitiveType primitive and not XHtml && primitive.JsonValue is not null && !primitive.HasValidValue())
        {
            found.Add((PathOf(root, steps), primitive));
        }

        foreach (var (name, child) in element.EnumerateElements())
        {
            if (child is Base single)
            {
                steps.Add((name, -1));
                Collect(single, root, steps, found);
                steps.RemoveAt(steps.Count - 1);
            }
            else if (child is IEnumerable list and not string)
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (item is Base listed)
                    {
                        steps.Add((name, index));
                        Collect(listed, root, steps, found);
                        steps.RemoveAt(steps.Count - 1);
                    }

                    index++;
                }
            }
        }
    }

    private static string PathOf(string root, List<(string Name, int Index)> steps)
    {
        var path = new System.Text.StringBuilder(root);
        foreach (var (name, index) in steps)
        {
            path.Append('.').Append(name);
            if (index >= 0)
            {
                path.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        return path.ToString();
    }
}
