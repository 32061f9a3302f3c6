using Hl7.Fhir.Model;
using Sas.Interop.Core.Regulators;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Regulators;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Host.Regulators;

/// <summary>
/// INT_R02 from the SAS: validates a regulator account version, stores it and enqueues it for every publisher receiving
/// accounts in one transaction, then wakes the relay. What the SAS is answered says the hub holds the version, not
/// that publishers have it: they get it through the outbox (state on <c>/admin/regulator-accounts/relay</c>).
/// </summary>
internal sealed class RegulatorAccountService(IRegulatorAccountStore store, RegulatorAccountDestinations destinations, RegulatorAccountSignal signal, TimeProvider clock)
{
    public async Task<(RegulatorAccountSaveResult Result, Practitioner Stored)> SaveAsync(Practitioner practitioner, RegulatorIdentifier? address, CancellationToken cancellationToken)
    {
        var validated = RegulatorAccountValidator.Validate(practitioner, out var issues)
            ?? throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity, issues);

        // Publishers get the SAS's resource as the SAS would have sent it to them: without the SAS's (or the hub's) id
        // and version, with the SAS as its source.
        var outgoing = (Practitioner)practitioner.DeepCopy();
        outgoing.Id = null;
        outgoing.Meta ??= new Meta();
        outgoing.Meta.VersionId = null;
        outgoing.Meta.LastUpdated = null;
        outgoing.Meta.Source = RegulatorIdentifier.SasTechnicalSystem;
        if (!outgoing.Meta.Profile.Contains(RegulatorAccountValidator.Profile))
        {
            outgoing.Meta.Profile = [.. outgoing.Meta.Profile, RegulatorAccountValidator.Profile];
        }

        var json = FhirJson.Serialize(outgoing);
        var write = new RegulatorAccountWrite(address, validated.Identifiers, validated.Key, validated.Active, json, destinations.Ids);
        var now = clock.GetUtcNow();
        var result = await store.SaveAsync(write, now, cancellationToken);
        if (result.ConflictingAccountId is { } other)
        {
            throw new FhirRequestException(StatusCodes.Status409Conflict, [new FhirIssue(
                OperationOutcome.IssueSeverity.Error,
                OperationOutcome.IssueType.Conflict,
                $"An identifier of this account already names another regulator account (Practitioner/{other}); an identifier names one account.",
                "Practitioner.identifier")]);
        }

        signal.Notify();
        return (result, Rendered(outgoing, result.Id, result.Version, now));
    }

    /// <summary>The account as the hub holds it: the stored version with the hub's id.</summary>
    public static Practitioner Rendered(StoredRegulatorAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Rendered(FhirJson.Parse<Practitioner>(account.ResourceJson), account.Id, account.Version, account.UpdatedAt);
    }

    private static Practitioner Rendered(Practitioner practitioner, string id, int version, DateTimeOffset updatedAt)
    {
        var rendered = (Practitioner)practitioner.DeepCopy();
        rendered.Id = id;
        rendered.Meta ??= new Meta();
        rendered.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        rendered.Meta.LastUpdated = updatedAt;
        return rendered;
    }
}
