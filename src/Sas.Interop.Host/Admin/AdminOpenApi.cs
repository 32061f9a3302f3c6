using Sas.Interop.Host.Admin.Security;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The OpenAPI document of the operator API at <c>/admin/openapi.json</c>. Only <c>/admin</c>: the FHIR facade
/// describes itself with its CapabilityStatement. It needs the admin key like the API it describes.
/// </summary>
internal static class AdminOpenApi
{
    public const string Path = "/admin/openapi.json";

    public static IServiceCollection AddAdminOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.ShouldInclude = description =>
            description.RelativePath is { } path && (path == "admin" || path.StartsWith("admin/", StringComparison.Ordinal)));

    public static IEndpointRouteBuilder MapAdminOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(Path).RequireAuthorization(AdminAuthorization.Policy);
        return endpoints;
    }
}
