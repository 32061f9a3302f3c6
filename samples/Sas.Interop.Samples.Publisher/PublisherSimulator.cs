namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the SAS IG PS-individuel Slot search
/// (<c>GET {BaseUrl}/Slot?…</c>) over generated or given resources.
/// </summary>
public sealed class PublisherSimulator : IAsyncDisposable
{
    private PublisherSimulator()
    {
    }

    /// <summary>FHIR base, e.g. <c>http://127.0.0.1:5123/fhir</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Prefixed national ids of the practitioners it serves.</summary>
    public IReadOnlyList<string> PractitionerIds { get; private set; } = [];

    /// <summary>Number of Slot searches answered so far.</summary>
    public int SearchCount { get; private set; }

    public static Task<PublisherSimulator> StartAsync(PublisherSimulatorOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
