using Hl7.Fhir.Model;

namespace Sas.Interop.Fhir.Ingestion;

/// <summary>
/// Safe reads of primitive values. A leniently parsed resource can hold values Firely could not interpret
/// (an unknown code, a malformed instant); its typed getters then throw, so these return null instead.
/// </summary>
internal static class FhirValues
{
    public static T? Enum<T>(Code<T>? code)
        where T : struct, System.Enum =>
        code is not null && code.HasValidValue() ? code.Value : null;

    public static DateTimeOffset? Instant(Instant? instant) =>
        instant is not null && instant.HasValidValue() ? instant.Value : null;

    /// <summary>The raw text of a primitive, for messages.</summary>
    public static string? Raw(PrimitiveType? primitive) => primitive?.JsonValue?.ToString();

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
