namespace Sas.Interop.Store.Regulators;

/// <summary>An identifier the account is known by now (system and value are unique across accounts).</summary>
internal sealed class RegulatorAccountIdentifierRow
{
    public required string System { get; set; }

    public required string Value { get; set; }

    public required string AccountHubId { get; set; }
}
