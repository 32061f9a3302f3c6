using System.Globalization;

namespace Sas.Interop.Ingestion.Push;

/// <summary>
/// Resource versions as FHIR writes them in <c>ETag</c>/<c>If-Match</c>: a weak tag holding the <c>versionId</c>
/// (<c>W/"3"</c>). A strong tag (<c>"3"</c>) is read the same way, as many clients send one.
/// </summary>
internal static class VersionTags
{
    public static string Format(long version) => $"W/\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version an If-Match names; false for anything but one tag (no lists, no <c>*</c>).</summary>
    public static bool TryParse(string? value, out long version)
    {
        version = 0;
        var tag = value?.Trim() ?? string.Empty;
        if (tag.StartsWith("W/", StringComparison.Ordinal))
        {
            tag = tag[2..];
        }

        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && version > 0;
    }
}
