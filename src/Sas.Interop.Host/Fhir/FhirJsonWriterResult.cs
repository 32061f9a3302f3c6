using System.Buffers;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Host.Fhir;

/// <summary>Writes <c>application/fhir+json</c> produced by a writer straight into the response pipe (200).</summary>
internal sealed class FhirJsonWriterResult(Action<IBufferWriter<byte>> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        write(httpContext.Response.BodyWriter);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
