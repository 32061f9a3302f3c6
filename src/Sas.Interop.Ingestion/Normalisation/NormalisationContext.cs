using Sas.Interop.Core.Sync;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>What a normalisation needs besides the resources: whose they are, when they were read, and which flow.</summary>
public sealed record NormalisationContext
{
    /// <summary>The source the records are stored under (a connector instance or a pushing publisher).</summary>
    public required string SourceInstance { get; init; }

    /// <summary>When the resources were fetched (pulled) or received (pushed); stamps every record, bounds slot times.</summary>
    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>The flow: practitioners' agendas (PS individuel, CPTS) or structure agendas (SOS, CDS, MSP).</summary>
    public required SyncScopeKind Kind { get; init; }

    /// <summary>
    /// What a connector asked for: a practitioner or structure outside its keys, a slot outside its window, is
    /// rejected. Null for a push, where the publisher sends its own data and names no window.
    /// </summary>
    public SyncScope? Asked { get; init; }

    /// <summary>What is already stored that the resources reference without carrying (a push builds on what it sent before).</summary>
    public StoredAgenda Stored { get; init; } = StoredAgenda.Empty;

    /// <summary>The context of a pulled batch: what the connector was asked for.</summary>
    public static NormalisationContext Pulled(string sourceInstance, SyncScope scope, DateTimeOffset fetchedAt) =>
        new() { SourceInstance = sourceInstance, FetchedAt = fetchedAt, Kind = scope.Kind, Asked = scope };

    /// <summary>
    /// The context of a push: the publisher's own data, so no asked keys or window; what it references of its
    /// earlier pushes is <paramref name="stored"/>.
    /// </summary>
    public static NormalisationContext Pushed(string sourceInstance, SyncScopeKind kind, StoredAgenda stored, DateTimeOffset receivedAt) =>
        new() { SourceInstance = sourceInstance, FetchedAt = receivedAt, Kind = kind, Stored = stored };
}
