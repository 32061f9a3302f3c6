using Sas.Interop.Host.Configuration;
using Sas.Interop.Host.Push;

namespace Sas.Interop.Host.Regulators;

/// <summary>Registers INT_R02: validation and storage of regulator accounts, the outbox relay to publishers.</summary>
internal static class RegulatorAccountServiceCollectionExtensions
{
    public static IServiceCollection AddRegulatorAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RegulatorAccountRelayOptions>(configuration.GetSection(RegulatorAccountRelayOptions.SectionName), relay => relay.Problems());
        services.AddSingleton<RegulatorAccountDestinations>();
        services.AddSingleton<RegulatorAccountSignal>();
        services.AddSingleton<RegulatorAccountService>();
        services.AddHostedService<RegulatorAccountRelay>();

        // Any FHIR client identity: the route itself tells the SAS (regulator accounts) from a publisher (push).
        services.AddAuthorizationBuilder().AddPolicy(RegulatorAccountEndpoints.AnyClientPolicy, policy => policy
            .AddAuthenticationSchemes(PushAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        return services;
    }
}
