using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the SAS IG slot searches over generated or given resources:
/// PS individuel and CPTS (<c>GET {BaseUrl}/Slot?…</c>, the CPTS includes when asked) and SOS Médecins
/// (<c>GET {BaseUrl}/Schedule?…</c>). With <see cref="PublisherSimulatorOptions.ReceivesRegulatorAccounts"/> it also
/// receives the SAS regulator accounts (INT_R02) and keeps them in memory (<see cref="RegulatorAccounts"/>).
/// </summary>
public sealed class PublisherSimulator : IAsyncDisposable
{
    /// <summary>The hub's per-message sequence header, recorded on INT_R02 requests (<see cref="ReceivedRegulatorRequest.Sequence"/>).</summary>
    public const string SequenceHeader = "X-Sas-Interop-Sequence";

    private const string FhirBasePath = "/fhir";

    // The hub's demo mode runs the simulator for hours: remember only the latest searches.
    private const int MaxRecordedSearches = 1000;

    private readonly WebApplication _app;
    private readonly PublisherSimulatorOptions _options;
    private readonly TimeSpan _defaultOffset;
    private readonly ConcurrentQueue<RecordedRequest> _searches = new();
    private readonly Lock _writeLock = new();
    private readonly RegulatorAccountStore _regulators = new();
    private SimulatorData _data;
    private int _searchCount;

    private PublisherSimulator(WebApplication app, PublisherSimulatorOptions options, SimulatorData data, TimeSpan defaultOffset)
    {
        _app = app;
        _options = options;
        _data = data;
        _defaultOffset = defaultOffset;
    }

    /// <summary>FHIR base, e.g. <c>http://127.0.0.1:5123/fhir</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Prefixed national ids of the practitioners it serves.</summary>
    public IReadOnlyList<string> PractitionerIds => Volatile.Read(ref _data).PractitionerIds;

    /// <summary>Prefixed SIRETs (<c>3</c>+14 digits) of the SOS Médecins associations it serves.</summary>
    public IReadOnlyList<string> OrganizationIds => Volatile.Read(ref _data).OrganizationIds;

    /// <summary>Number of Slot and Schedule searches answered so far (failed and rejected ones included).</summary>
    public int SearchCount => Volatile.Read(ref _searchCount);

    /// <summary>The Slot and Schedule searches received (the latest 1000), oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Searches => [.. _searches];

    /// <summary>The latest Slot or Schedule search received, if any.</summary>
    public RecordedRequest? LastSearch => _searches.LastOrDefault();

    /// <summary>Copies of the resources served now (changing them changes nothing on the server).</summary>
    public IReadOnlyList<Resource> Resources => [.. Volatile.Read(ref _data).Resources.Select(resource => (Resource)resource.DeepCopy())];

    /// <summary>The regulator accounts held now (INT_R02), in creation order: snapshots.</summary>
    public IReadOnlyList<RegulatorAccount> RegulatorAccounts => _regulators.Accounts;

    /// <summary>Every INT_R02 request received (failed and refused ones included), in arrival order.</summary>
    public IReadOnlyList<ReceivedRegulatorRequest> ReceivedRegulatorRequests => _regulators.Received;

    /// <summary>
    /// While true every INT_R02 request is answered 503 (with <see cref="RegulatorRetryAfter"/>) and changes nothing:
    /// a publisher down for a while.
    /// </summary>
    public bool RegulatorRequestsFailing
    {
        get => _regulators.Failing;
        set => _regulators.Failing = value;
    }

    /// <summary><c>Retry-After</c> sent with the 503s of <see cref="RegulatorRequestsFailing"/> and <see cref="LoseRegulatorAnswers"/>; null: none.</summary>
    public TimeSpan? RegulatorRetryAfter
    {
        get => _regulators.RetryAfter;
        set => _regulators.RetryAfter = value;
    }

    /// <summary>The account holding this identifier now, if any.</summary>
    public RegulatorAccount? FindRegulatorAccount(string system, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(system);
        ArgumentException.ThrowIfNullOrEmpty(value);
        return _regulators.Find(system + "|" + value);
    }

    /// <summary>
    /// The next <paramref name="count"/> INT_R02 requests are answered <paramref name="status"/> (503 by default, with
    /// <c>Retry-After</c> when given) before being read: they change nothing. Replaces any count still pending.
    /// </summary>
    public void FailRegulatorRequests(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _regulators.FailNext(count, (int)status, retryAfter);
    }

    /// <summary>
    /// The next <paramref name="count"/> INT_R02 writes that succeed are applied, then their answer is lost as
    /// <paramref name="how"/> says: the hub must retry and the publisher stay idempotent. Replaces any count still pending.
    /// </summary>
    public void LoseRegulatorAnswers(int count, RegulatorLostAnswer how = RegulatorLostAnswer.ServiceUnavailable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _regulators.LoseNextAnswers(count, how);
    }

    /// <summary>Completes once at least <paramref name="count"/> INT_R02 requests were received and answered (or their answer lost); <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForRegulatorRequestsAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _regulators.WaitAsync(
            () => _regulators.ReceivedCountLocked >= count ? this : null,
            timeout,
            () => $"{count} regulator request(s). {_regulators.Describe()}",
            cancellationToken);

    /// <summary>The first account matching <paramref name="match"/>, once there is one; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<RegulatorAccount> WaitForRegulatorAccountAsync(Func<RegulatorAccount, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return _regulators.WaitAsync(
            () => _regulators.AccountsLocked().FirstOrDefault(match),
            timeout,
            () => $"a matching regulator account. {_regulators.Describe()}",
            cancellationToken);
    }

    public static async Task<PublisherSimulator> StartAsync(PublisherSimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name);

        var anchor = SimulatedDataGenerator.ResolveAnchor(options.Anchor, TimeProvider.System);
        var data = SimulatorData.From(options.Resources?.Select(resource => (Resource)resource.DeepCopy()) ?? Generate(options, anchor));
        var defaultOffset = options.Resources is null ? anchor.Offset : TimeSpan.Zero;

        // The empty builder reads no appsettings, environment variables or command line: the simulator is a
        // library inside tests and the hub's demo mode and must not pick up their configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PublisherSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.ServerCertificate is not null)
            {
                listen.UseHttps(https => ConfigureHttps(https, options));
            }
        }));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();

        var app = builder.Build();
        var simulator = new PublisherSimulator(app, options, data, defaultOffset);
        app.MapGet(FhirBasePath + "/Slot", simulator.HandleSlotSearchAsync);
        app.MapGet(FhirBasePath + "/Schedule", simulator.HandleScheduleSearchAsync);
        app.MapGet(FhirBasePath + "/metadata", simulator.HandleMetadataAsync);
        if (options.ReceivesRegulatorAccounts)
        {
            var regulators = new RegulatorAccountEndpoint(simulator._regulators, () => simulator.BaseUrl, TimeProvider.System);
            app.MapPost(FhirBasePath + "/Practitioner", (HttpContext context) => regulators.HandleWriteAsync(context, conditional: false));
            app.MapPut(FhirBasePath + "/Practitioner", (HttpContext context) => regulators.HandleWriteAsync(context, conditional: true));
            app.MapGet(FhirBasePath + "/Practitioner/{id}", (HttpContext context, string id) => regulators.HandleReadAsync(context, id));
        }

        app.MapFallback(context => FhirJson.WriteOutcomeAsync(context, StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotSupported, $"{context.Request.Method} {context.Request.Path} is not served by this simulator."));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = address.TrimEnd('/') + FhirBasePath;
        return simulator;
    }

    /// <summary>The resources the generator makes for these options (anchor defaulting to now, French time).</summary>
    public static IReadOnlyList<Resource> GenerateResources(PublisherSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Generate(options, SimulatedDataGenerator.ResolveAnchor(options.Anchor, TimeProvider.System));
    }

    /// <summary>Stops serving the matching slots (e.g. booked elsewhere); returns how many were removed.</summary>
    public int RemoveSlots(Func<Slot, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_writeLock)
        {
            var next = _data.WithoutSlots(predicate, out var removed);
            Volatile.Write(ref _data, next);
            return removed;
        }
    }

    /// <summary>Serves these resources from now on instead of the current ones.</summary>
    public void ReplaceResources(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var next = SimulatorData.From(resources.Select(resource => (Resource)resource.DeepCopy()));
        lock (_writeLock)
        {
            Volatile.Write(ref _data, next);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static IReadOnlyList<Resource> Generate(PublisherSimulatorOptions options, DateTimeOffset anchor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.PractitionerCount);
        ArgumentOutOfRangeException.ThrowIfNegative(options.AssociationCount);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Days);
        var generated = options.Kind switch
        {
            SimulatedPublisherKind.Ps => SimulatedDataGenerator.Generate(options.Seed, options.Name, options.PractitionerCount, anchor, options.Days),
            SimulatedPublisherKind.Cpts => SimulatedDataGenerator.GenerateCpts(options.Seed, options.Name, options.PractitionerCount, anchor, options.Days),
            SimulatedPublisherKind.Sos => SimulatedDataGenerator.GenerateSos(options.Seed, options.Name, options.AssociationCount, anchor, options.Days),
            SimulatedPublisherKind.Structure => SimulatedDataGenerator.GenerateStructures(options.Seed, options.Name, options.AssociationCount, anchor, options.Days),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown simulated publisher kind."),
        };
        return options.DeclaresUnavailabilities ? SimulatedUnavailabilities.Apply(generated, anchor) : generated;
    }

    private static void ConfigureHttps(HttpsConnectionAdapterOptions https, PublisherSimulatorOptions options)
    {
        https.ServerCertificate = options.ServerCertificate;
        if (options.RequiredClientCa is not { } ca)
        {
            return;
        }

        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;

        // That CA alone, not the machine's roots: a certificate from another CA fails the handshake.
        https.ClientCertificateValidation = (certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
    }

    /// <summary>Records the search and applies the fault hook; false when the answer is already written.</summary>
    private async Task<(bool Proceed, string RawQuery, SimulatedFault? Fault)> BeginSearchAsync(HttpContext context)
    {
        var rawQuery = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;
        _searches.Enqueue(new RecordedRequest(context.Request.Path.Value ?? string.Empty, rawQuery, context.Request.Headers.Accept.ToString() is { Length: > 0 } accept ? accept : null)
        {
            UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            ClientCertificateSubject = context.Connection.ClientCertificate?.Subject,
        });
        while (_searches.Count > MaxRecordedSearches && _searches.TryDequeue(out _))
        {
        }

        var number = Interlocked.Increment(ref _searchCount);

        if (_options.SearchDelay?.Invoke(number) is { } delay && delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its timeout): nobody is left to answer.
                return (false, rawQuery, null);
            }
        }

        if (_options.SearchFailure?.Invoke(number) is { } failureStatus)
        {
            await FhirJson.WriteOutcomeAsync(context, failureStatus, OperationOutcome.IssueType.Exception, $"Simulated failure (HTTP {failureStatus}) of search #{number}.");
            return (false, rawQuery, null);
        }

        var fault = _options.Fault?.Invoke(number);
        if (fault is not null && await SimulatedFaultWriter.TryWriteEarlyAsync(context, fault, number))
        {
            return (false, rawQuery, fault);
        }

        return (true, rawQuery, fault);
    }

    private async Task HandleScheduleSearchAsync(HttpContext context)
    {
        var (proceed, rawQuery, fault) = await BeginSearchAsync(context);
        if (!proceed)
        {
            return;
        }

        if (!ScheduleSearchRequest.TryParse(context.Request.Query, _defaultOffset, out var request, out var errors))
        {
            await FhirJson.WriteOutcomeAsync(context, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, errors);
            return;
        }

        var bundle = SearchBundleBuilder.BuildScheduleSearch(Volatile.Read(ref _data), request, BaseUrl, rawQuery, _options.PageSize);
        await SimulatedFaultWriter.WriteAsync(context, bundle, fault);
    }

    private async Task HandleSlotSearchAsync(HttpContext context)
    {
        var (proceed, rawQuery, fault) = await BeginSearchAsync(context);
        if (!proceed)
        {
            return;
        }

        if (!SlotSearchRequest.TryParse(context.Request.Query, _defaultOffset, out var request, out var error))
        {
            await FhirJson.WriteOutcomeAsync(context, StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Invalid, error);
            return;
        }

        var bundle = SearchBundleBuilder.Build(Volatile.Read(ref _data), request, BaseUrl, rawQuery, _options.PageSize);
        await SimulatedFaultWriter.WriteAsync(context, bundle, fault);
    }

    private Task HandleMetadataAsync(HttpContext context) => FhirJson.WriteAsync(context, CapabilityStatementFactory.Create(_options.Name, _options.Kind, _options.ReceivesRegulatorAccounts));
}
