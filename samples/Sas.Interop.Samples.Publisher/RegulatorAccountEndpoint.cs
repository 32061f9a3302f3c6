using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The publisher side of INT_R02 (IG CapabilityStatement SAS-GestionnaireStructure) on the simulator's FHIR base:
/// <c>POST Practitioner</c>, <c>PUT Practitioner?identifier=system|value</c> and <c>GET Practitioner/{id}</c>.
/// </summary>
internal sealed class RegulatorAccountEndpoint(RegulatorAccountStore store, Func<string> baseUrl, TimeProvider time)
{
    public async Task HandleWriteAsync(HttpContext context, bool conditional)
    {
        var request = new ReceivedRegulatorRequest(context.Request.Method, null, [], null, null)
        {
            Sequence = long.TryParse(context.Request.Headers[PublisherSimulator.SequenceHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null,
            UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            ClientCertificateSubject = context.Connection.ClientCertificate?.Subject,
        };

        // A publisher that is down answers before reading anything.
        if (store.TakeFailure() is { } failure)
        {
            store.Record(request with { StatusCode = failure.Status });
            await WriteUnavailableAsync(context, failure.Status, failure.RetryAfter, "Simulated failure of the regulator account request.");
            return;
        }

        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var (urlIdentifier, queryStatus, queryError) = RegulatorRequestReader.ReadQuery(context.Request.Query, conditional);
        request = request with { UrlIdentifier = urlIdentifier ?? (conditional ? context.Request.Query[RegulatorRequestReader.IdentifierParameter].FirstOrDefault() : null) };
        if (queryStatus is { } badQuery)
        {
            store.Record(request with { StatusCode = badQuery });
            await FhirJson.WriteOutcomeAsync(context, badQuery, OperationOutcome.IssueType.Invalid, queryError!);
            return;
        }

        var (practitioner, bodyStatus, bodyErrors) = RegulatorRequestReader.ReadBody(body);
        if (practitioner is null)
        {
            store.Record(request with { StatusCode = bodyStatus });
            var code = bodyStatus == StatusCodes.Status422UnprocessableEntity ? OperationOutcome.IssueType.BusinessRule : OperationOutcome.IssueType.Structure;
            await FhirJson.WriteOutcomeAsync(context, bodyStatus!.Value, code, bodyErrors);
            return;
        }

        // A POST whose identifier is already an account's updates it (200) rather than failing (409/412), as a
        // publisher keyed by national or SAS id would: a create the hub retries after a lost answer stays idempotent.
        request = request with { BodyIdentifiers = RegulatorRequestReader.Tokens(practitioner), Active = practitioner.Active };
        var result = store.Apply(request, practitioner, time.GetUtcNow());
        switch (result.LostAnswer)
        {
            case RegulatorLostAnswer.ConnectionDropped:
                context.Abort();
                return;
            case RegulatorLostAnswer.ServiceUnavailable:
                await WriteUnavailableAsync(context, StatusCodes.Status503ServiceUnavailable, store.RetryAfter, "Simulated lost answer: the write was applied.");
                return;
        }

        if (result.Stored is not { } stored)
        {
            await FhirJson.WriteOutcomeAsync(context, result.Status, OperationOutcome.IssueType.Conflict, result.Problem!);
            return;
        }

        context.Response.Headers.Location = $"{baseUrl()}/Practitioner/{stored.Id}";
        context.Response.Headers.ETag = $"W/\"{stored.Meta!.VersionId}\"";
        await FhirJson.WriteAsync(context, stored, result.Status);
    }

    public Task HandleReadAsync(HttpContext context, string id) =>
        store.Read(id) is { } stored
            ? FhirJson.WriteAsync(context, stored)
            : FhirJson.WriteOutcomeAsync(context, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"No regulator account Practitioner/{id}.");

    private static Task WriteUnavailableAsync(HttpContext context, int status, TimeSpan? retryAfter, string diagnostics)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return FhirJson.WriteOutcomeAsync(context, status, OperationOutcome.IssueType.Transient, diagnostics);
    }
}
