using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http;

namespace Sas.Interop.Samples.Publisher;

/// <summary>FHIR JSON in and out of the simulator.</summary>
internal static class FhirJson
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    // French text stays readable on the wire ("Médecine générale", not "M\u00e9decine").
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }.ForFhir();

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static Task WriteAsync(HttpContext context, Resource resource, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(Serialize(resource), context.RequestAborted);
    }

    public static Task WriteOutcomeAsync(HttpContext context, int statusCode, OperationOutcome.IssueType code, string diagnostics) =>
        WriteAsync(context, Outcome(code, diagnostics), statusCode);

    /// <summary>One issue per problem, so a client sees everything wrong with its request at once.</summary>
    public static Task WriteOutcomeAsync(HttpContext context, int statusCode, OperationOutcome.IssueType code, IEnumerable<string> diagnostics) =>
        WriteAsync(context, Outcome(code, diagnostics), statusCode);

    public static OperationOutcome Outcome(OperationOutcome.IssueType code, string diagnostics) => Outcome(code, [diagnostics]);

    public static OperationOutcome Outcome(OperationOutcome.IssueType code, IEnumerable<string> diagnostics) => new()
    {
        Issue = [.. diagnostics.Select(text => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Diagnostics = text,
        })],
    };
}
