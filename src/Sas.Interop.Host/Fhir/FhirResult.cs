using Resource = Hl7.Fhir.Model.Resource;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Host.Fhir;

/// <summary>Writes a FHIR resource as <c>application/fhir+json</c> with the given status.</summary>
internal sealed class FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK, bool pretty = false) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";

        // Serialized straight into the response pipe (pooled buffers), not through a string.
        FhirJson.Serialize(resource, httpContext.Response.BodyWriter, pretty);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
