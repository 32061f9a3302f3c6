namespace Sas.Interop.Host.Fhir;

/// <summary>Configuration section <c>Fhir</c>.</summary>
internal sealed class FhirFacadeOptions
{
    public const string SectionName = "Fhir";

    /// <summary>Base URL used in <c>fullUrl</c> and links, e.g. <c>https://hub.example.fr/fhir</c>; defaults to the request's own.</summary>
    public string? PublicBaseUrl { get; set; }
}
