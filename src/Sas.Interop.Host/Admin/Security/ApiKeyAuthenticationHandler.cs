using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sas.Interop.Host.Admin.Security;

/// <summary>
/// The admin identity from an <c>X-Api-Key</c> header (or <c>api_key</c> query parameter, for links a browser
/// follows without headers, or <c>Authorization: Bearer</c>, what Prometheus sends from a credentials file without
/// writing the key in its configuration or showing it on its targets page). 401 for a missing or wrong key; 403 when the hub has no key configured outside demo.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminAccess access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "api_key";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!access.HasKeys)
        {
            return Task.FromResult(access.OpenWithoutKeys ? Success("demo") : AuthenticateResult.NoResult());
        }

        var presented = Request.Headers[HeaderName].FirstOrDefault() ?? Request.Query[QueryName].FirstOrDefault() ?? BearerToken();
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(access.Accepts(presented) ? Success("api-key") : AuthenticateResult.Fail("The API key is not one of Admin:ApiKeys."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!access.HasKeys)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Admin is closed",
                detail: "No admin API key is configured: configure Admin:ApiKeys (an array of secrets sent as X-Api-Key) to open /admin and /metrics.")
                .ExecuteAsync(Context);
        }

        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Admin API key required",
            detail: $"Send one of Admin:ApiKeys in the {HeaderName} header.")
            .ExecuteAsync(Context);
    }

    private string? BearerToken()
    {
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        return authorization is not null && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[BearerPrefix.Length..].Trim()
            : null;
    }

    private AuthenticateResult Success(string method)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.AuthenticationMethod, method)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
