using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Sas.Interop.Host.Fhir;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;
using OperationOutcomeFactory = Sas.Interop.Fhir.Outcomes.OperationOutcomeFactory;

namespace Sas.Interop.Host.Push;

/// <summary>
/// Who is calling <c>/fhir</c>: the publisher or SAS consumer whose configured certificate identity matches the TLS
/// client certificate, else the one holding the <c>X-Api-Key</c>. The claims say which role the identity has; the
/// push policy wants a publisher, the read policy a consumer, so neither role grants the other (403). Failures
/// answer a FHIR OperationOutcome (401/403).
/// </summary>
internal sealed class PushAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PublisherRegistry registry,
    ConsumerRegistry consumers) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PushPublisher";
    public const string PublisherClaim = "sas-interop/publisher";
    public const string ConsumerClaim = "sas-interop/consumer";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var certificate = Context.Connection.ClientCertificate;
        if (certificate is not null)
        {
            // A presented certificate decides alone: an unknown one is refused even if a key comes along.
            var publisher = registry.FindByCertificate(certificate);
            var consumer = consumers.FindByCertificate(certificate);
            return Task.FromResult(publisher is null && consumer is null
                ? AuthenticateResult.Fail("The client certificate is not configured for any publisher or consumer.")
                : Success(publisher, consumer, "certificate"));
        }

        var presented = Request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // CredentialSeparation guarantees a key belongs to one client at most.
        var byKey = registry.FindByApiKey(presented);
        var consumerByKey = byKey is null ? consumers.FindByApiKey(presented) : null;
        return Task.FromResult(byKey is null && consumerByKey is null
            ? AuthenticateResult.Fail("The API key is not one of any publisher's or consumer's ApiKeys.")
            : Success(byKey, consumerByKey, "api-key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        var message = IsRead
            ? $"SAS read authentication required: a client certificate configured under Consumers:<id>, or one of its ApiKeys in the {HeaderName} header."
            : IsPractitionerWrite
                ? $"Authentication required: the SAS's identity (regulator accounts, Consumers:<id>) or a publisher's (push, Publishers:<id>), by client certificate or (development) one of its ApiKeys in the {HeaderName} header."
                : $"Publisher authentication required: a client certificate configured under Publishers:<id>, or (development) one of its ApiKeys in the {HeaderName} header.";
        return new FhirResult(OperationOutcomeFactory.Error(OperationOutcome.IssueType.Login, message), StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var message = IsRead
            ? $"'{Context.User.Identity?.Name}' is a publisher identity: SAS reads need an identity configured under Consumers:<id>."
            : $"'{Context.User.Identity?.Name}' is a SAS consumer identity: writes need an identity configured under Publishers:<id>.";
        return new FhirResult(OperationOutcomeFactory.Error(OperationOutcome.IssueType.Forbidden, message), StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }

    // POST/PUT /fhir/Practitioner: the SAS's regulator accounts, or a publisher's push.
    private bool IsPractitionerWrite => Request.Path.StartsWithSegments("/fhir/Practitioner", StringComparison.Ordinal);

    private bool IsRead => HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method);

    private AuthenticateResult Success(PushPublisher? publisher, SasConsumer? consumer, string method)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, publisher?.Id ?? consumer!.Id), new(ClaimTypes.AuthenticationMethod, method) };
        if (publisher is not null)
        {
            claims.Add(new Claim(PublisherClaim, publisher.Id));
        }

        if (consumer is not null)
        {
            claims.Add(new Claim(ConsumerClaim, consumer.Id));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }
}
