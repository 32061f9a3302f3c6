using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sas.Interop.Host.Configuration;

namespace Sas.Interop.Host.Fhir;

/// <summary>
/// Brotli and gzip answers on <c>/fhir</c> when the client's <c>Accept-Encoding</c> asks (ASP.NET Core's response
/// compression; <c>Fhir:Compression</c>). The SAS's PS answers are ~335 KB of JSON. Not on <c>/admin</c>,
/// the dashboard or <c>/metrics</c> (README, "FHIR facade").
/// </summary>
internal static class FhirCompressionServiceCollectionExtensions
{
    /// <summary>The FHIR media types (the hub writes JSON; XML is listed for when it does) and the plain JSON ones.</summary>
    public static readonly IReadOnlyList<string> MimeTypes = ["application/fhir+json", "application/fhir+xml", "application/json", "application/xml"];

    public static IServiceCollection AddFhirCompression(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FhirCompressionOptions>(configuration.GetSection(FhirCompressionOptions.SectionName), options => options.Problems());

        // Configured from the validated options: these are first read when the pipeline is built, after the
        // start-up checks have refused bad values.
        services.AddResponseCompression();
        services.AddOptions<ResponseCompressionOptions>().Configure<IOptions<FhirCompressionOptions>>((compression, fhir) =>
        {
            compression.EnableForHttps = fhir.Value.EnableForHttps;
            compression.MimeTypes = MimeTypes;

            // Gzip first: with equal q-values ("gzip, deflate, br", as HttpClient and curl send) the cheaper one per
            // CPU ms wins; Brotli when the client prefers it or takes only it.
            compression.Providers.Add<GzipCompressionProvider>();
            compression.Providers.Add<BrotliCompressionProvider>();
        });
        services.AddOptions<BrotliCompressionProviderOptions>().Configure<IOptions<FhirCompressionOptions>>((brotli, fhir) => brotli.Level = fhir.Value.Brotli);
        services.AddOptions<GzipCompressionProviderOptions>().Configure<IOptions<FhirCompressionOptions>>((gzip, fhir) => gzip.Level = fhir.Value.Gzip);
        return services;
    }

    /// <summary>Compresses <c>/fhir</c> answers (OperationOutcomes of the exception handler included: place it before that).</summary>
    public static IApplicationBuilder UseFhirCompression(this IApplicationBuilder app) =>
        app.UseWhen(IsCompressible, fhir => fhir.Use(AnnounceVary).UseResponseCompression());

    private static bool IsCompressible(HttpContext http) =>
        http.Request.Path.StartsWithSegments(FhirEndpoints.BasePath)
        && http.RequestServices.GetRequiredService<IOptions<FhirCompressionOptions>>().Value.Enabled;

    /// <summary>
    /// The middleware says <c>Vary: Accept-Encoding</c> only when the request has an <c>Accept-Encoding</c>; a cache
    /// must also know that an answer to a request without one is not the answer for every request.
    /// </summary>
    private static Task AnnounceVary(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            if (!headers.Vary.Any(v => v is not null && v.Split(',').Any(name => name.Trim().Equals(HeaderNames.AcceptEncoding, StringComparison.OrdinalIgnoreCase))))
            {
                headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            }

            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    }
}
