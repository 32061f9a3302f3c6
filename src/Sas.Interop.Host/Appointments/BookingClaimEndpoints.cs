using System.Text.Json;
using Sas.Interop.Core.Appointments;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Host.Admin.Security;
using Sas.Interop.Host.Push;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Appointments;

/// <summary>
/// <c>/admin/booking-claims</c>: the push claims another source contests (<see cref="BookingRights"/>), and the
/// administrator's grant or refusal of each.
/// </summary>
internal static class BookingClaimEndpoints
{
    public const string Path = "/admin/booking-claims";

    public static IEndpointRouteBuilder MapBookingClaimEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Path).WithTags("Admin").RequireAuthorization(AdminAuthorization.Policy);
        admin.MapGet("/", ListAsync);
        admin.MapPut("/{practitioner}/{publisher}", DecideAsync);
        admin.MapDelete("/{practitioner}/{publisher}", WithdrawAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(BookingRights rights, IBookingRightsStore store, CancellationToken cancellationToken)
    {
        var claims = await rights.ContestedClaimsAsync(cancellationToken);
        var decisions = await store.DecisionsAsync(cancellationToken);
        return Results.Ok(new
        {
            pending = claims.Count(c => c.State == BookingRights.Contested),
            claims,
            decisions,
        });
    }

    // Body: {"decision": "grant" | "refuse"}. A decision may be taken before the claim is contested (an administrator
    // who knows the PS works with two publishers); it applies only while another source holds the practitioner.
    private static async Task<IResult> DecideAsync(string practitioner, string publisher, HttpContext http, PublisherRegistry registry, IBookingRightsStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Check(practitioner, publisher, registry, out var id) is { } problem)
        {
            return problem;
        }

        string? decision = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("decision", out var value) && value.ValueKind == JsonValueKind.String)
            {
                decision = value.GetString();
            }
        }
        catch (JsonException)
        {
            // Answered below like a missing decision.
        }

        if (decision is not ("grant" or "refuse"))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid decision", detail: "The body must be {\"decision\": \"grant\"} or {\"decision\": \"refuse\"}.");
        }

        var saved = new BookingDecision(id, publisher, decision == "grant", clock.GetUtcNow(), http.User.Identity?.Name);
        await store.SetDecisionAsync(saved, cancellationToken);
        return Results.Ok(saved);
    }

    private static async Task<IResult> WithdrawAsync(string practitioner, string publisher, PublisherRegistry registry, IBookingRightsStore store, CancellationToken cancellationToken)
    {
        if (Check(practitioner, publisher, registry, out var id) is { } problem)
        {
            return problem;
        }

        return await store.RemoveDecisionAsync(id, publisher, cancellationToken)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No decision", detail: $"No decision on {publisher}'s claim to {id}.");
    }

    private static IResult? Check(string practitioner, string publisher, PublisherRegistry registry, out string id)
    {
        id = string.Empty;
        if (!NationalIdentifiers.TryNormalizePractitioner(practitioner, out var normalized, out var error))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid practitioner id", detail: error);
        }

        id = normalized;
        return registry.Publishers.Any(p => p.Id == publisher)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown publisher", detail: $"No publisher '{publisher}' is configured (Publishers:<id>).");
    }
}
