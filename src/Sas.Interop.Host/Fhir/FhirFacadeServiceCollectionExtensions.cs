using System.Text.Json;
using System.Text.Json.Serialization;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Availability;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Search;
using Sas.Interop.Fhir.Served;

namespace Sas.Interop.Host.Fhir;

/// <summary>
/// The SAS-facing FHIR facade (<c>/fhir</c>): its options, search parsers, Bundle builders and served renderings,
/// and the error answers (FHIR OperationOutcomes for <c>/fhir</c>, problem details elsewhere).
/// </summary>
internal static class FhirFacadeServiceCollectionExtensions
{
    public static IServiceCollection AddFhirFacade(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FhirFacadeOptions>(configuration.GetSection(FhirFacadeOptions.SectionName));
        services.AddSingleton<SlotSearchParser>();
        services.AddSingleton<SlotBundleBuilder>();
        services.AddSingleton<ServedSlotBundleWriter>();
        services.AddSingleton<IServedResourceRenderer, ServedResourceRenderer>();
        services.AddSingleton<SosScheduleSearchParser>();
        services.AddSingleton<SosScheduleBundleBuilder>();
        services.AddSingleton<ReadResourceBuilder>();
        services.AddSingleton<ServedResourceSearchParser>();
        services.AddSingleton<ServedResourceBundleBuilder>();
        services.AddSingleton<AvailabilityRequestParser>();
        services.AddExceptionHandler<FhirExceptionHandler>();
        services.AddProblemDetails();

        // Enums in JSON answers (the admin API's too) as kebab-case strings: "succeeded", "not-geocoded".
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        return services;
    }

    /// <summary>The facade's searches, reads, <c>$availability</c> and metadata (after the push and appointment endpoints under <c>/fhir</c>).</summary>
    public static IEndpointRouteBuilder MapFhirFacade(this IEndpointRouteBuilder endpoints) => endpoints.MapFhirEndpoints();
}
