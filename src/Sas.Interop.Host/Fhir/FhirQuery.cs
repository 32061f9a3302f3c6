using Microsoft.AspNetCore.WebUtilities;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Host.Fhir;

/// <summary>
/// A query string read as FHIR reads it: names case-sensitive, every pair in request order. ASP.NET Core's
/// <c>Request.Query</c> folds names case-insensitively, so <c>Start=…&amp;start=…</c> became one <c>start</c> with two values.
/// </summary>
internal static class FhirQuery
{
    public static List<QueryParameter> Parameters(string? queryString)
    {
        var parameters = new List<QueryParameter>();
        foreach (var pair in new QueryStringEnumerable(queryString))
        {
            parameters.Add(new QueryParameter(pair.DecodeName().ToString(), pair.DecodeValue().ToString()));
        }

        return parameters;
    }

    public static List<QueryParameter> Parameters(HttpContext http) => Parameters(http.Request.QueryString.Value);
}
