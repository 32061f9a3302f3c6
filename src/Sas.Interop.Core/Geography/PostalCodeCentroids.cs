using System.Globalization;
using System.IO.Compression;

namespace Sas.Interop.Core.Geography;

/// <summary>
/// Offline geocoding of a French place by its postal code: the position of the main commune(s) it serves.
/// </summary>
/// <remarks>
/// The table is embedded (gzip CSV, 44 KB) and built from GeoNames cities1000 (CC BY 4.0) matched to Etalab's
/// communes and postal codes (Licence Ouverte 2.0); it covers 5,035 of the 6,310 postal codes (those with a commune
/// of more than ~1,000 inhabitants). A postal code outside it has no position: such a place is left out of
/// proximity searches. How to regenerate it: Geography/README.md in this project.
/// </remarks>
public static class PostalCodeCentroids
{
    private const string ResourceName = "Sas.Interop.Core.Geography.postal-code-centroids.csv.gz";

    private static readonly Lazy<Dictionary<string, GeoPoint>> Table = new(Load);

    /// <summary>Number of postal codes the table knows.</summary>
    public static int Count => Table.Value.Count;

    /// <summary>The position of <paramref name="postalCode"/> (five digits, surrounding spaces ignored), if known.</summary>
    public static bool TryLocate(string? postalCode, out GeoPoint position)
    {
        position = default;
        var code = postalCode?.Trim();
        return code is { Length: 5 } && Table.Value.TryGetValue(code, out position);
    }

    private static Dictionary<string, GeoPoint> Load()
    {
        using var stream = typeof(PostalCodeCentroids).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(PostalCodeCentroids).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var table = new Dictionary<string, GeoPoint>(StringComparer.Ordinal);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split(';');
            table[fields[0]] = new GeoPoint(
                double.Parse(fields[1], CultureInfo.InvariantCulture),
                double.Parse(fields[2], CultureInfo.InvariantCulture));
        }

        return table;
    }
}
