using Sas.Interop.Ingestion.Push;
using System.Text;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using System.Text.Json;

namespace Sas.Interop.Host.Push;

/// <summary>Reads push request bodies within the size limit and turns FHIR request URLs into native ids.</summary>
internal static class PushRequestReader
{
    private const int MaxReportedErrors = 20;

    // Firely reports an unknown element as a validation finding (PVAL128), but it is a structure error for us.
    private const string UnknownElementCode = "PVAL128";

    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    /// <summary>The body as text; 413 beyond <paramref name="maxBytes"/>, counted as read (a missing Content-Length does not help).</summary>
    public static async Task<string> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Strict FHIR R4 JSON (unknown elements, wrong types, bad JSON refused: 400, one issue per error) but Firely's
    /// element-rule findings are not fatal: a missing <c>Slot.start</c> is the normaliser's to report, with its FHIRPath,
    /// alongside every other issue (422), and publishers' narrative XHTML (the IG's own examples) is not our business.
    /// </summary>
    public static T Parse<T>(string body)
        where T : Resource
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [Structure("The body is empty: expected a FHIR R4 JSON resource.")]);
        }

        Resource resource;
        try
        {
            resource = Deserializer.DeserializeResource(body);
        }
        catch (DeserializationFailedException ex) when (ex.PartialResult is Resource partial && ex.Exceptions.All(e => e is CodedValidationException { ErrorCode: not UnknownElementCode }))
        {
            // Only element rules failed (cardinality, narrative XHTML, value formats): the normaliser judges those.
            // Unknown elements stay fatal: a misspelt element would otherwise be silently dropped.
            resource = partial;
        }
        catch (DeserializationFailedException ex)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [.. ex.Exceptions.Take(MaxReportedErrors).Select(e => Structure(e.Message))]);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [Structure($"The body is not a FHIR R4 JSON resource: {ex.Message}")]);
        }

        return resource as T
            ?? throw new FhirRequestException(StatusCodes.Status400BadRequest, [Structure($"Expected a FHIR {typeof(T).Name}, the body is a {resource.TypeName}.")]);
    }

    /// <summary>
    /// The conditional <c>identifier</c> parameter as a FHIR token (<see cref="IdentifierCondition"/>); its value must
    /// be a FHIR id, as it may become the resource's id. The parameter name is matched case-sensitively, as FHIR
    /// requires (trap 9: <c>?Identifier=</c> is refused).
    /// </summary>
    public static IdentifierCondition? ParseIdentifier(string? identifierParameter, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(identifierParameter))
        {
            error = "The conditional write needs ?identifier=system|value (lower-case parameter name).";
            return null;
        }

        var bar = identifierParameter.IndexOf('|', StringComparison.Ordinal);
        var system = bar < 0 ? null : identifierParameter[..bar];
        var value = bar < 0 ? identifierParameter : identifierParameter[(bar + 1)..];
        if (system?.Length > IPushStore.MaxIdentifierSystemLength || (system is not null && system.Any(char.IsControl)))
        {
            error = $"The identifier system must be at most {IPushStore.MaxIdentifierSystemLength} characters, without control characters.";
            return null;
        }

        error = FhirIdProblem(value, "The identifier value", "it becomes the resource's id in your namespace");
        return error is null ? new IdentifierCondition(system, value) : null;
    }

    /// <summary>
    /// Null when <paramref name="id"/> is a FHIR id (<see cref="ResourceIds.IsFhirId"/>, the one rule for every id the
    /// push API is given: URL ids, Bundle entry ids, conditional identifier values); else the message of the 400.
    /// </summary>
    public static string? FhirIdProblem(string? id, string what, string? why = null)
    {
        if (ResourceIds.IsFhirId(id))
        {
            return null;
        }

        // Shown escaped and cut short: the id may be 1,000 characters of anything.
        var shown = id is null ? "(none)" : JsonSerializer.Serialize(id.Length > 80 ? id[..80] + "…" : id);
        return $"{what} {shown} is not a FHIR id: 1 to 64 characters among A-Z, a-z, 0-9, '-' and '.'" + (why is null ? "." : $" ({why}).");
    }

    private static FhirIssue Structure(string message) => new(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, message);

    private static FhirRequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, [new FhirIssue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.TooCostly, $"The body exceeds Push:MaxBodyBytes ({maxBytes} bytes); split it into smaller transactions.")]);
}
