using System.Buffers;
using Resource = Hl7.Fhir.Model.Resource;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Host.Fhir;

/// <summary>
/// Writes <c>application/fhir+json</c> with the given status straight into the response pipe (pooled buffers, no
/// string): a resource serialized by <see cref="FhirJson"/>, or whatever JSON <paramref name="write"/> produces
/// (the searchset spliced from stored renderings).
/// </summary>
internal sealed class FhirResult(Action<IBufferWriter<byte>> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK, bool pretty = false)
        : this(output => FhirJson.Serialize(resource, output, pretty), statusCode)
    {
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        write(httpContext.Response.BodyWriter);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
