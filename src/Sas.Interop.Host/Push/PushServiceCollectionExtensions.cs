using Sas.Interop.Ingestion;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Host.Fhir;
using OperationOutcome = Hl7.Fhir.Model.OperationOutcome;

namespace Sas.Interop.Host.Push;

/// <summary>Registers the push API and FHIR client identities: publishers and consumers, their authentication, the per-publisher rate limit, the processor.</summary>
internal static class PushServiceCollectionExtensions
{
    public const string Policy = "push";

    /// <summary>SAS reads: a consumer identity once any consumer is configured, open otherwise.</summary>
    public const string ReadPolicy = "sas-read";

    public static IServiceCollection AddPushApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PushOptions.SectionName).Get<PushOptions>() ?? new PushOptions();
        services.Configure<PushOptions>(configuration.GetSection(PushOptions.SectionName));
        CredentialSeparation.Validate(configuration);
        services.AddSingleton(PublisherRegistry.FromConfiguration(configuration));
        var consumers = ConsumerRegistry.FromConfiguration(configuration);
        services.AddSingleton(consumers);
        services.AddPushIngestion();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, PushAuthenticationHandler>(PushAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(PushAuthenticationHandler.SchemeName)
            .RequireClaim(PushAuthenticationHandler.PublisherClaim))
            .AddPolicy(ReadPolicy, policy => policy
                .AddAuthenticationSchemes(PushAuthenticationHandler.SchemeName)
                .RequireAssertion(context => !consumers.ReadsRequireIdentity || context.User.HasClaim(c => c.Type == PushAuthenticationHandler.ConsumerClaim)));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, http => RateLimitPartition.Get(
                http.User.FindFirst(PushAuthenticationHandler.PublisherClaim)?.Value ?? string.Empty,
                _ => new PublisherWindowLimiter(Math.Max(1, options.PermitsPerMinute), TimeSpan.FromMinutes(1), http.RequestServices.GetRequiredService<TimeProvider>())));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                // The time left in the publisher's window, rounded up: retrying on time must not be refused again.
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await new FhirResult(
                    OperationOutcomeFactory.Error(OperationOutcome.IssueType.Throttled, $"More than Push:PermitsPerMinute ({options.PermitsPerMinute}) writes this minute; retry in {seconds} s."),
                    StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
