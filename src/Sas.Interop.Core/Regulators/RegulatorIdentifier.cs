namespace Sas.Interop.Core.Regulators;

/// <summary>An identifier of a regulator account: national id (IDNPS) or SAS technical id (INTRN).</summary>
public sealed record RegulatorIdentifier(string System, string Value)
{
    /// <summary>National id of health professionals (type IDNPS).</summary>
    public const string NationalSystem = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>The SAS's technical id (type INTRN, a UUID); also the SAS's <c>meta.source</c>.</summary>
    public const string SasTechnicalSystem = "urn:oid:1.2.250.1.213.3.6";

    public override string ToString() => System + "|" + Value;
}
