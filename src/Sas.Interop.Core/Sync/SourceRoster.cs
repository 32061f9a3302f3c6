namespace Sas.Interop.Core.Sync;

/// <summary>
/// The keys a connector instance is configured to fetch (its roster): prefixed practitioner national ids, or SOS
/// association ids. Only these keys are served from that instance (src/Sas.Interop.Core/truth.md).
/// </summary>
public sealed record SourceRoster(SyncScopeKind Kind, IReadOnlyCollection<string> Keys);
