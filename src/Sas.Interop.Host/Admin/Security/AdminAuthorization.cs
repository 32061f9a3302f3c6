using Microsoft.AspNetCore.Authentication;

namespace Sas.Interop.Host.Admin.Security;

/// <summary>
/// The admin policy. Not the default scheme: /fhir requests never run the API-key handler. mTLS can later join
/// the policy as a second scheme.
/// </summary>
internal static class AdminAuthorization
{
    public const string Scheme = "AdminApiKey";
    public const string Policy = "admin";

    public static IServiceCollection AddAdminAuthorization(this IServiceCollection services, IConfiguration configuration, bool openWithoutKeys)
    {
        services.AddSingleton(AdminAccess.FromConfiguration(configuration, openWithoutKeys));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }
}
