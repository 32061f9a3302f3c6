namespace Sas.Interop.Core.Regulators;

/// <summary>One version of a regulator account as the SAS sent it (INT_R02), validated.</summary>
/// <param name="Address">The identifier of a conditional update's URL (the account's current one; the body may carry a
/// new one); null for a create.</param>
/// <param name="Identifiers">The body's identifiers: what the account is known by from this version on.</param>
/// <param name="Key">The body identifier publishers address this version by when it must be resent idempotently: the
/// national id when there is one, else the SAS technical id.</param>
/// <param name="Active">False: the regulator's rights are withdrawn.</param>
/// <param name="ResourceJson">The Practitioner (FrPractitionerRegul) to deliver, without the SAS's id.</param>
/// <param name="Destinations">The publishers this version goes to.</param>
public sealed record RegulatorAccountWrite(
    RegulatorIdentifier? Address,
    IReadOnlyList<RegulatorIdentifier> Identifiers,
    RegulatorIdentifier Key,
    bool Active,
    string ResourceJson,
    IReadOnlyList<string> Destinations);
