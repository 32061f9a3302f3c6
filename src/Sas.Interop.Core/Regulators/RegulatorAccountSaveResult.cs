namespace Sas.Interop.Core.Regulators;

/// <summary>What storing a regulator account version did.</summary>
/// <param name="Id">The hub's id of the account (stable across versions and identifier changes).</param>
/// <param name="Created">True when the account was unknown (201), false for an update (200).</param>
/// <param name="Version">The account's version number, 1 for its creation.</param>
/// <param name="ConflictingAccountId">Set (and nothing stored) when a body identifier already belongs to another account.</param>
public sealed record RegulatorAccountSaveResult(string Id, bool Created, int Version, string? ConflictingAccountId = null);
