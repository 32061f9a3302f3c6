using Hl7.Fhir.Model;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// A SAS regulator account as the simulated publisher holds it after INT_R02 writes (IG profile FrPractitionerRegul,
/// digest §1.5): a snapshot, changing it changes nothing on the server.
/// </summary>
/// <param name="Id">The simulator's own id (<c>regul-1</c>, <c>regul-2</c>…), the one its <c>Location</c> header gives.</param>
/// <param name="Identifiers">The account's identifiers as <c>system|value</c>, those of the latest write.</param>
/// <param name="Active">Authorised (true) or withdrawn (false).</param>
/// <param name="Family">The first name's family name, if any.</param>
/// <param name="Given">The first name's given names joined by a space, if any.</param>
/// <param name="Email">The first e-mail telecom, if any.</param>
/// <param name="Version">Number of writes that changed the account (its <c>meta.versionId</c>); a repeated identical write (a retry) does not count.</param>
/// <param name="WriteCount">Number of writes applied to the account, repeated identical ones included.</param>
/// <param name="Resource">A copy of the stored Practitioner (id, meta.versionId and meta.lastUpdated the simulator's).</param>
public sealed record RegulatorAccount(
    string Id,
    IReadOnlyList<string> Identifiers,
    bool Active,
    string? Family,
    string? Given,
    string? Email,
    int Version,
    int WriteCount,
    Practitioner Resource)
{
    /// <summary>System of the regulator's national id (IDNPS).</summary>
    public const string NationalIdSystem = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>System of the regulator's SAS technical id (INTRN, a UUID).</summary>
    public const string SasTechnicalIdSystem = "urn:oid:1.2.250.1.213.3.6";

    /// <summary>The national id (IDNPS) value, if the account has one.</summary>
    public string? NationalId => ValueOf(NationalIdSystem);

    /// <summary>The SAS technical id (INTRN) value, if the account has one.</summary>
    public string? SasTechnicalId => ValueOf(SasTechnicalIdSystem);

    public bool HasIdentifier(string system, string value) => Identifiers.Contains(system + "|" + value, StringComparer.Ordinal);

    private string? ValueOf(string system) =>
        Identifiers.FirstOrDefault(token => token.StartsWith(system + "|", StringComparison.Ordinal)) is { } token ? token[(system.Length + 1)..] : null;
}
