namespace Sas.Interop.Core.Regulators;

/// <summary>A regulator account's current version as the hub holds it.</summary>
public sealed record StoredRegulatorAccount(string Id, int Version, bool Active, string ResourceJson, DateTimeOffset UpdatedAt)
{
    /// <summary>Every account's hub id starts so (and holds no '.', unlike the ids of served resources).</summary>
    public const string IdPrefix = "regulator-";
}
