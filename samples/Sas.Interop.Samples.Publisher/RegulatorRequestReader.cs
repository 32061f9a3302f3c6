using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Microsoft.AspNetCore.Http;

namespace Sas.Interop.Samples.Publisher;

/// <summary>Reads and checks an INT_R02 request the way a real publisher minimally would (digest §1.5, §4.18).</summary>
internal static class RegulatorRequestReader
{
    public const string IdentifierParameter = "identifier";
    public const string FormatParameter = "_format";

    // Firely's own element rules (narrative XHTML, value formats) are not this check's business; unknown elements are.
    private const string UnknownElementCode = "PVAL128";
    private const int MaxReportedErrors = 10;

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly string[] JsonFormats = ["json", "application/json", "application/fhir+json"];

    public static IReadOnlyList<string> Tokens(Practitioner practitioner) =>
        [.. practitioner.Identifier.Select(identifier => identifier.System + "|" + identifier.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>The URL's identifier (PUT) or an error: status (400, 415) and what is wrong.</summary>
    public static (string? UrlIdentifier, int? ErrorStatus, string? Error) ReadQuery(IQueryCollection query, bool conditional)
    {
        var allowed = conditional ? new[] { IdentifierParameter, FormatParameter } : [FormatParameter];
        if (query.Keys.FirstOrDefault(key => !allowed.Contains(key, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, StatusCodes.Status400BadRequest, $"Unknown parameter '{unknown}' (allowed: {string.Join(", ", allowed)}).");
        }

        if (query.TryGetValue(FormatParameter, out var formats)
            && formats.Any(format => !JsonFormats.Contains(MediaType(format), StringComparer.OrdinalIgnoreCase)))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, $"Only FHIR JSON is served, not _format={formats}.");
        }

        if (!conditional)
        {
            return (null, null, null);
        }

        var identifiers = query[IdentifierParameter];
        if (identifiers.Count != 1 || identifiers[0] is not { } token)
        {
            return (null, StatusCodes.Status400BadRequest, "The conditional update needs exactly one ?identifier=system|value.");
        }

        var bar = token.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == token.Length - 1)
        {
            return (null, StatusCodes.Status400BadRequest, $"The identifier '{token}' is not system|value.");
        }

        return (token, null, null);
    }

    // An unescaped '+' (application/fhir+json) arrives decoded as a space.
    private static string MediaType(string? format) => (format ?? string.Empty).Split(';')[0].Trim().Replace(' ', '+');

    /// <summary>The Practitioner, or an error: 400 when the body is no FHIR R4 Practitioner, 422 when it lacks what the IG requires.</summary>
    public static (Practitioner? Practitioner, int? ErrorStatus, IReadOnlyList<string> Errors) ReadBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, StatusCodes.Status400BadRequest, ["The body is empty: expected a FHIR R4 Practitioner (FrPractitionerRegul)."]);
        }

        Resource resource;
        try
        {
            resource = Deserializer.DeserializeResource(body);
        }
        catch (DeserializationFailedException ex) when (ex.PartialResult is Resource partial && ex.Exceptions.All(e => e is CodedValidationException { ErrorCode: not UnknownElementCode }))
        {
            resource = partial;
        }
        catch (DeserializationFailedException ex)
        {
            return (null, StatusCodes.Status400BadRequest, [.. ex.Exceptions.Take(MaxReportedErrors).Select(e => e.Message)]);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return (null, StatusCodes.Status400BadRequest, [$"The body is not FHIR R4 JSON: {ex.Message}"]);
        }

        if (resource is not Practitioner practitioner)
        {
            return (null, StatusCodes.Status400BadRequest, [$"Expected a Practitioner, the body is a {resource.TypeName}."]);
        }

        var errors = new List<string>();
        if (practitioner.Identifier.Any(identifier => string.IsNullOrEmpty(identifier.System) || string.IsNullOrEmpty(identifier.Value)))
        {
            errors.Add("Every Practitioner.identifier needs a system and a value.");
        }

        if (!practitioner.Identifier.Any(identifier => (identifier.System is RegulatorAccount.NationalIdSystem or RegulatorAccount.SasTechnicalIdSystem) && !string.IsNullOrEmpty(identifier.Value)))
        {
            errors.Add($"Practitioner.identifier needs a national id ({RegulatorAccount.NationalIdSystem}) or a SAS technical id ({RegulatorAccount.SasTechnicalIdSystem}).");
        }

        if (practitioner.Active is null)
        {
            errors.Add("Practitioner.active is required (true: authorised, false: withdrawn).");
        }

        return errors.Count > 0 ? (null, StatusCodes.Status422UnprocessableEntity, errors) : (practitioner, null, []);
    }
}
