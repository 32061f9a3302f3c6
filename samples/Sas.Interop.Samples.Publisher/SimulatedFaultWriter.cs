using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Samples.Publisher;

/// <summary>Writes the answers of <see cref="SimulatedFault"/>s.</summary>
internal static class SimulatedFaultWriter
{
    /// <summary>Faults decided before the search is read; true when the answer is written (nothing more to do).</summary>
    public static async Task<bool> TryWriteEarlyAsync(HttpContext context, SimulatedFault fault, int number)
    {
        switch (fault.Kind)
        {
            case SimulatedFaultKind.Slow:
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                    return false;
                }
                catch (OperationCanceledException)
                {
                    // The client gave up (its timeout): nobody is left to answer.
                    return true;
                }

            case SimulatedFaultKind.HttpStatus:
                await FhirJson.WriteOutcomeAsync(context, fault.StatusCode, OperationOutcome.IssueType.Exception, $"Simulated failure (HTTP {fault.StatusCode}) of search #{number}.");
                return true;

            case SimulatedFaultKind.RateLimited:
                context.Response.Headers.RetryAfter = Math.Max(0, (int)Math.Ceiling(fault.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await FhirJson.WriteOutcomeAsync(context, StatusCodes.Status429TooManyRequests, OperationOutcome.IssueType.Throttled, $"Simulated rate limit on search #{number}.");
                return true;

            case SimulatedFaultKind.MalformedJson:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = FhirJson.ContentType;
                await context.Response.WriteAsync("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":", context.RequestAborted);
                return true;

            default:
                return false;
        }
    }

    /// <summary>Writes the search answer, spoiled as the fault says.</summary>
    public static async Task WriteAsync(HttpContext context, Bundle bundle, SimulatedFault? fault)
    {
        switch (fault?.Kind)
        {
            case SimulatedFaultKind.TruncatedBody:
                await WriteTruncatedAsync(context, bundle);
                return;
            case SimulatedFaultKind.ProfileViolation:
                await FhirJson.WriteAsync(context, ViolateProfiles(bundle));
                return;
            case SimulatedFaultKind.EmptySearchset:
                await FhirJson.WriteAsync(context, new Bundle { Type = Bundle.BundleType.Searchset, Total = 0, Link = bundle.Link });
                return;
            case SimulatedFaultKind.OutOfOrder:
                await FhirJson.WriteAsync(context, Replay(bundle));
                return;
            case SimulatedFaultKind.HostilePosition:
                await WriteHostilePositionAsync(context, bundle);
                return;
            default:
                await FhirJson.WriteAsync(context, bundle);
                return;
        }
    }

    // 1e30 does not fit a decimal: a sentinel position is written, then replaced in the JSON text.
    private static async Task WriteHostilePositionAsync(HttpContext context, Bundle bundle)
    {
        const decimal Sentinel = 12.3456789m;
        var copy = (Bundle)bundle.DeepCopy();
        foreach (var location in copy.Entry.Select(e => e.Resource).OfType<DomainResource>().SelectMany(r => r.Contained).OfType<Location>())
        {
            location.Position = new Location.PositionComponent { Latitude = Sentinel, Longitude = 0.6m };
        }

        var body = FhirJson.Serialize(copy).Replace("\"latitude\":12.3456789", "\"latitude\":1e30", StringComparison.Ordinal);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = FhirJson.ContentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task WriteTruncatedAsync(HttpContext context, Bundle bundle)
    {
        var body = Encoding.UTF8.GetBytes(FhirJson.Serialize(bundle));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = FhirJson.ContentType;

        // The full length is announced, so the client knows the body it got is cut.
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    // The bundle's resources are the simulator's own: spoil copies.
    private static Bundle ViolateProfiles(Bundle bundle)
    {
        var copy = (Bundle)bundle.DeepCopy();
        foreach (var slot in copy.Entry.Select(e => e.Resource).OfType<Slot>())
        {
            slot.Start = null;
            foreach (var coding in slot.ServiceType.SelectMany(c => c.Coding).Concat(slot.Meta?.Security ?? []))
            {
                coding.Code = "NOT-A-CODE";
            }
        }

        return copy;
    }

    private static Bundle Replay(Bundle bundle)
    {
        var copy = (Bundle)bundle.DeepCopy();
        foreach (var slot in copy.Entry.Select(e => e.Resource).OfType<Slot>())
        {
            slot.Meta ??= new Meta();
            slot.Meta.LastUpdated = (slot.Meta.LastUpdated ?? DateTimeOffset.UtcNow) - SimulatedFault.OutOfOrderAge;
            slot.Comment = (slot.Comment ?? "https://replayed.example/") + SimulatedFault.OutOfOrderMarker;
        }

        return copy;
    }
}
