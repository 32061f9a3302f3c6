using Sas.Interop.Core.Statistics;
using Sas.Interop.Host.Admin;

namespace Sas.Interop.Host.Metrics;

/// <summary>
/// Times every SAS slot search and counts the answered ones, around the facade rather than inside it, so the
/// FHIR endpoint stays about FHIR.
/// </summary>
internal sealed class SasSearchMiddleware(RequestDelegate next, HubMetrics metrics, SasSearchCounter counter, TimeProvider timeProvider)
{
    private static readonly PathString SlotSearch = "/fhir/Slot";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.Equals(SlotSearch, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var started = timeProvider.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            metrics.Search(status, timeProvider.GetElapsedTime(started));
            if (status == StatusCodes.Status200OK)
            {
                counter.Increment(StatisticsCalendar.DayOf(timeProvider.GetUtcNow()));
            }
        }
    }
}
