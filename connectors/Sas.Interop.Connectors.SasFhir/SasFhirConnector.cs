using System.Runtime.CompilerServices;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Refit;
using Sas.Interop.Connectors.Abstractions;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>
/// Asks an IG publisher for its slots the way the SAS does: the roster in batches of at most 25 (practitioners for
/// the PS and CPTS flows, association SIRETs for SOS Médecins), one search per batch (following <c>next</c> links if
/// the publisher pages), one <see cref="ConnectorBatch"/> per batch whether it worked or not.
/// </summary>
internal sealed class SasFhirConnector : IAgendaConnector
{
    // Guards against a publisher whose next links never end; the IG describes no paging at all.
    private const int MaxPages = 200;

    private readonly string _instanceId;
    private readonly SasFhirSettings _settings;
    private readonly HttpClient _httpClient;
    private readonly ISasFhirApi _api;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SasFhirConnector(ConnectorCreationContext context, SasFhirSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        _instanceId = context.InstanceId;
        _settings = settings;
        _httpClient = context.HttpClient;

        // Refit appends "/Slot" to BaseAddress's path, so a base with a path (…/fhir) keeps it.
        _httpClient.BaseAddress ??= settings.BaseUrl;
        _api = RestService.For<ISasFhirApi>(_httpClient);
        _timeProvider = context.TimeProvider;
        _logger = context.LoggerFactory.CreateLogger<SasFhirConnector>();
    }

    public async IAsyncEnumerable<ConnectorBatch> FetchAsync(ConnectorFetchContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.WindowEnd < context.WindowStart)
        {
            throw new ArgumentException($"The window ends ({context.WindowEnd:o}) before it starts ({context.WindowStart:o}).", nameof(context));
        }

        var batches = (context.Roster ?? _settings.Roster).Chunk(_settings.BatchSize).ToList();
        for (var index = 0; index < batches.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = batches[index];
            var scope = new SyncScope(_settings.ScopeKind, ids, context.WindowStart, context.WindowEnd);
            var started = _timeProvider.GetTimestamp();
            ConnectorBatch batch;
            try
            {
                var resources = await FetchBatchAsync(ids, context.WindowStart, context.WindowEnd, cancellationToken);
                var duration = _timeProvider.GetElapsedTime(started);
                batch = ConnectorBatch.Success(scope, resources, _timeProvider.GetUtcNow(), duration);
                SasFhirLog.BatchFetched(_logger, _instanceId, index + 1, batches.Count, ids.Length, _settings.RosterNoun, resources.Count(resource => resource is Slot), resources.Count, (long)duration.TotalMilliseconds);
            }
            catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                // Our own cancellation, whatever the HTTP stack wrapped it in (Refit's ApiRequestException…).
                throw new OperationCanceledException($"{_instanceId}: fetch cancelled.", exception, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One batch failing (publisher down, bad answer…) must not cost the following ones.
                var duration = _timeProvider.GetElapsedTime(started);
                var failure = FailureClassifier.Classify(exception);
                batch = ConnectorBatch.Failed(scope, failure, _timeProvider.GetUtcNow(), duration);
                SasFhirLog.BatchFailed(_logger, _instanceId, index + 1, batches.Count, ids.Length, _settings.RosterNoun, (long)duration.TotalMilliseconds, failure.Kind, failure.Message);
            }

            yield return batch;
        }
    }

    private async Task<IReadOnlyList<Resource>> FetchBatchAsync(IReadOnlyList<string> keys, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var resources = new List<Resource>();
        Uri? next;
        var first = _settings.Flow switch
        {
            SasFhirFlow.Cpts => _api.SearchSlotsAsync(SlotSearchQuery.BuildCpts(keys, from, to), cancellationToken),
            SasFhirFlow.Sos or SasFhirFlow.Structure => _api.SearchSchedulesAsync(ScheduleSearchQuery.Build(keys, from, to), cancellationToken),
            _ => _api.SearchSlotsAsync(SlotSearchQuery.Build(keys, from, to), cancellationToken),
        };
        using (var response = await first)
        {
            next = await ReadPageAsync(response, resources, cancellationToken);
        }

        var visited = new HashSet<Uri>();
        for (var page = 2; next is not null; page++)
        {
            if (page > MaxPages || !visited.Add(next))
            {
                throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"The publisher's next links do not end (stopped at page {page}: {next}).");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Accept.ParseAdd(SlotSearchQuery.FhirJsonMediaType);
            using var response = await _httpClient.SendAsync(request, cancellationToken);
            next = await ReadPageAsync(response, resources, cancellationToken);
        }

        return resources;
    }

    /// <summary>Adds the page's resources; returns the next page's address, if any.</summary>
    private async Task<Uri?> ReadPageAsync(HttpResponseMessage response, List<Resource> resources, CancellationToken cancellationToken)
    {
        var bundle = await SearchResponseReader.ReadBundleAsync(response, cancellationToken);
        var outcomes = 0;
        foreach (var entry in bundle.Entry)
        {
            switch (entry.Resource)
            {
                case OperationOutcome:
                    outcomes++;
                    break;
                case { } resource:
                    resources.Add(resource);
                    break;
            }
        }

        if (outcomes > 0)
        {
            SasFhirLog.OutcomeEntriesSkipped(_logger, _instanceId, outcomes);
        }

        return NextPage(bundle, response.RequestMessage?.RequestUri);
    }

    private Uri? NextPage(Bundle bundle, Uri? requestUri)
    {
        var link = bundle.Link.FirstOrDefault(candidate => string.Equals(candidate.Relation, "next", StringComparison.OrdinalIgnoreCase))?.Url;
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        var baseForRelative = requestUri ?? _httpClient.BaseAddress;
        if (!Uri.TryCreate(baseForRelative, link, out var next))
        {
            throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"The next link '{link}' is not a URL.");
        }

        // The client may carry the instance's credentials (mTLS): never follow a link to another server.
        var origin = _httpClient.BaseAddress!;
        if (Uri.Compare(next, origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new SasFhirFetchException(ConnectorFailureKind.Malformed, $"The next link '{link}' points outside the publisher ({origin.GetLeftPart(UriPartial.Authority)}).");
        }

        return next;
    }
}
