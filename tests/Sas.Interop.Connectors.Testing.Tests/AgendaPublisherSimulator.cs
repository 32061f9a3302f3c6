using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sas.Interop.Connectors.Testing.Simulation;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>
/// A publisher's JSON API reduced to what the HTTP recipe needs: <c>GET practitioners/{rpps}/slots</c> answers an
/// empty list for a practitioner it has an agenda for, 404 for any other. Faults come from the base's queue.
/// </summary>
internal sealed class AgendaPublisherSimulator(params string[] rppsWithAgenda) : LoopbackPublisherSimulator
{
    protected override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("practitioners/{rpps}/slots", async context =>
        {
            if (!rppsWithAgenda.Contains(context.Request.RouteValues["rpps"] as string))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[]", context.RequestAborted);
        });
}
