using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;
using Microsoft.AspNetCore.Diagnostics;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Host.Hosting;

namespace Sas.Interop.Host.Fhir;

/// <summary>
/// The one place where exceptions on <c>/fhir</c> become HTTP: a refused request keeps its status and issues,
/// anything else is a 500 with a generic OperationOutcome (details go to the log, not to the caller).
/// </summary>
internal sealed class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(FhirEndpoints.BasePath))
        {
            return false;
        }

        // The id the caller sees is the one the error and the request log lines carry.
        var traceId = RequestTrace.TraceId(httpContext);
        OperationOutcome outcome;
        int status;
        if (exception is FhirRequestException refused)
        {
            status = refused.StatusCode;
            outcome = OperationOutcomeFactory.From(refused.Issues);
        }
        else if (exception is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            outcome = OperationOutcomeFactory.Error(OperationOutcome.IssueType.Invalid, bad.Message);
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {RequestMethod} {RouteTemplate}, trace {TraceId}", httpContext.Request.Method, RequestTrace.RouteTemplate(httpContext), traceId);
            status = StatusCodes.Status500InternalServerError;
            outcome = OperationOutcomeFactory.Error(OperationOutcome.IssueType.Exception, $"Internal error; trace id {traceId}.");
        }

        outcome.Id = traceId.Replace(':', '-');
        await new FhirResult(outcome, status).ExecuteAsync(httpContext);
        return true;
    }
}
