using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Sas.Interop.Host.Fhir;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;
using OperationOutcomeFactory = Sas.Interop.Fhir.Outcomes.OperationOutcomeFactory;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Who is pushing: the publisher whose configured certificate identity matches the TLS client certificate, else
/// the one holding the <c>X-Api-Key</c> (development). Failures answer a FHIR OperationOutcome (401/403).
/// </summary>
internal sealed class PushAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PublisherRegistry registry) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PushPublisher";
    public const string PublisherClaim = "sas-interop/publisher";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate;
        if (certificate is not null)
        {
            // A presented certificate decides alone: an unknown one is refused even if a key comes along.
            var byCertificate = registry.FindByCertificate(certificate);
            return Task.FromResult(byCertificate is null
                ? AuthenticateResult.Fail("The client certificate is not configured for any publisher.")
                : Success(byCertificate, "certificate"));
        }

        var presented = Request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var byKey = registry.FindByApiKey(presented);
        return Task.FromResult(byKey is null ? AuthenticateResult.Fail("The API key is not one of any publisher's ApiKeys.") : Success(byKey, "api-key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return new FhirResult(
            OperationOutcomeFactory.Error(OperationOutcome.IssueType.Login, $"Publisher authentication required: a client certificate configured under Publishers:<id>, or (development) one of its ApiKeys in the {HeaderName} header."),
            StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        new FhirResult(
            OperationOutcomeFactory.Error(OperationOutcome.IssueType.Forbidden, "This identity may not write through the push API."),
            StatusCodes.Status403Forbidden).ExecuteAsync(Context);

    private AuthenticateResult Success(PushPublisher publisher, string method)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, publisher.Id), new Claim(PublisherClaim, publisher.Id), new Claim(ClaimTypes.AuthenticationMethod, method)],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
