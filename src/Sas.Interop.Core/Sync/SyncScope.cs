namespace Sas.Interop.Core.Sync;

/// <summary>
/// What one fetched batch is authoritative for: these keys, over this time window. A successful batch replaces
/// the instance's slots inside its scope and nothing outside it.
/// </summary>
public sealed record SyncScope(SyncScopeKind Kind, IReadOnlyList<string> Keys, DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(string key, DateTimeOffset start) =>
        start >= From && start <= To && Keys.Contains(key, StringComparer.Ordinal);
}
