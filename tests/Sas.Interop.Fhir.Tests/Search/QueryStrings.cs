using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Tests.Search;

/// <summary>Decodes a raw query string the way ASP.NET Core does (form decoding: '+' becomes a space).</summary>
internal static class QueryStrings
{
    public static IReadOnlyList<QueryParameter> Parse(string query) =>
        query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return new QueryParameter(Decode(name), Decode(value));
            })
            .ToList();

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));
}
