using Sas.Interop.Core.Regulators;

namespace Sas.Interop.Fhir.Regulators;

/// <summary>What the hub keeps of a valid FrPractitionerRegul: the identifiers that name the account, its key, its rights.</summary>
/// <param name="Identifiers">The IDNPS and INTRN identifiers (other identifiers the open slicing allows are relayed, not used as keys).</param>
/// <param name="Key">The national id when there is one, else the SAS technical id.</param>
/// <param name="Active">False: the regulator's rights are withdrawn.</param>
public sealed record ValidatedRegulatorAccount(IReadOnlyList<RegulatorIdentifier> Identifiers, RegulatorIdentifier Key, bool Active);
