using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Sas.Interop.Samples.SasReceiver;

/// <summary>
/// The SAS platform as an appointment receiver (IG CapabilityStatement SAS-GestionnaireAgenda-RDV*): <c>POST
/// /fhir/Appointment</c>, conditional <c>PUT /fhir/Appointment?identifier=system|value</c> (create if unknown) and
/// <c>PUT /fhir/Appointment/{id}</c> (update by the id its <c>Location</c> gave, <c>sas-1</c>, <c>sas-2</c>…). It is
/// idempotent by identifier — a repeated create or update leaves one appointment — records every request, and can be
/// told to fail the next N requests. A real Kestrel server on 127.0.0.1.
/// </summary>
public sealed class SasReceiverSimulator : IAsyncDisposable
{
    public const string SequenceHeader = "X-Sas-Interop-Sequence";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<ReceivedAppointment> _received = [];
    private readonly Dictionary<string, List<int>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idOfIdentifier = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _identifierOfId = new(StringComparer.Ordinal);
    private int _failuresLeft;
    private int _failureStatus = StatusCodes.Status503ServiceUnavailable;

    private SasReceiverSimulator(WebApplication app) => _app = app;

    /// <summary>The FHIR base, e.g. <c>http://127.0.0.1:5123/fhir</c>.</summary>
    public string FhirBase { get; private set; } = string.Empty;

    /// <summary>Every request, in arrival order (failed ones included).</summary>
    public IReadOnlyList<ReceivedAppointment> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Appointments held (one per identifier), as last written.</summary>
    public IReadOnlyDictionary<string, string> Appointments
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, string>(_current, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Per identifier, the sequence numbers accepted, in the order they were applied (a replay is not applied twice).</summary>
    public IReadOnlyList<int> VersionsOf(string identifier)
    {
        lock (_lock)
        {
            return _versions.TryGetValue(identifier, out var list) ? [.. list] : [];
        }
    }

    public static Task<SasReceiverSimulator> StartAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(port, tls: null, cancellationToken);

    /// <summary>An HTTPS receiver (<c>https://127.0.0.1:…/fhir</c>), requiring a client certificate when <paramref name="tls"/> says so.</summary>
    public static Task<SasReceiverSimulator> StartAsync(SasReceiverTls tls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tls);
        return StartAsync(0, tls, cancellationToken);
    }

    private static async Task<SasReceiverSimulator> StartAsync(int port, SasReceiverTls? tls, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SasReceiverSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (tls is not null)
            {
                listen.UseHttps(https => ConfigureHttps(https, tls));
            }
        }));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        var app = builder.Build();
        var simulator = new SasReceiverSimulator(app);
        app.MapPost("/fhir/Appointment", (HttpContext http) => simulator.HandleAsync(http, fromQuery: false, id: null));
        app.MapPut("/fhir/Appointment", (HttpContext http) => simulator.HandleAsync(http, fromQuery: true, id: null));
        app.MapPut("/fhir/Appointment/{id}", (HttpContext http, string id) => simulator.HandleAsync(http, fromQuery: false, id));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.FhirBase = address.TrimEnd('/') + "/fhir";
        return simulator;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="statusCode"/> (503 by default) and change nothing.</summary>
    public void FailNext(int count, int statusCode = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_lock)
        {
            _failuresLeft = count;
            _failureStatus = statusCode;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The requests that updated an appointment by its SAS id (<c>PUT /fhir/Appointment/{id}</c>).</summary>
    public IReadOnlyList<ReceivedAppointment> ReceivedById
    {
        get
        {
            lock (_lock)
            {
                return [.. _received.Where(r => r.Method == "PUT" && r.SasId is not null)];
            }
        }
    }

    private async Task HandleAsync(HttpContext http, bool fromQuery, string? id)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }

        var (identifier, status, _) = Read(body);
        if (fromQuery)
        {
            identifier = http.Request.Query["identifier"].ToString();
        }

        int? sequence = int.TryParse(http.Request.Headers[SequenceHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        int code;
        string? location;
        lock (_lock)
        {
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                code = _failureStatus;
            }
            else if (string.IsNullOrEmpty(identifier))
            {
                code = StatusCodes.Status400BadRequest;
            }
            else if (id is not null && (!_identifierOfId.TryGetValue(id, out var held) || held != identifier || !Read(body).IdMatches(id)))
            {
                // Update by id: the resource must exist, keep its identifier and carry the id in its body.
                code = _identifierOfId.ContainsKey(id) ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound;
            }
            else
            {
                code = _current.ContainsKey(identifier) ? StatusCodes.Status200OK : StatusCodes.Status201Created;
                if (!_idOfIdentifier.ContainsKey(identifier))
                {
                    var assigned = "sas-" + (_idOfIdentifier.Count + 1).ToString(CultureInfo.InvariantCulture);
                    _idOfIdentifier[identifier] = assigned;
                    _identifierOfId[assigned] = identifier;
                }

                var versions = _versions.TryGetValue(identifier, out var list) ? list : _versions[identifier] = [];

                // Idempotent: a version already applied (a replay after a lost answer) is acknowledged, not applied again.
                if (sequence is null || !versions.Contains(sequence.Value))
                {
                    versions.Add(sequence ?? versions.Count + 1);
                    _current[identifier] = body;
                }
            }

            _received.Add(new ReceivedAppointment(http.Request.Method, identifier, sequence, status, code, body)
            {
                SasId = id,
                UserAgent = http.Request.Headers.UserAgent.ToString(),
                ClientCertificateSubject = http.Connection.ClientCertificate?.Subject,
            });
            location = _idOfIdentifier.GetValueOrDefault(identifier);
        }

        http.Response.StatusCode = code;
        http.Response.ContentType = "application/fhir+json";
        if (code is StatusCodes.Status200OK or StatusCodes.Status201Created)
        {
            http.Response.Headers.Location = FhirBase + "/Appointment/" + location;
            await http.Response.WriteAsync(body, http.RequestAborted);
        }
        else
        {
            await http.Response.WriteAsync(
                $"{{\"resourceType\":\"OperationOutcome\",\"issue\":[{{\"severity\":\"error\",\"code\":\"transient\",\"diagnostics\":\"simulated failure {code}\"}}]}}",
                http.RequestAborted);
        }
    }

    private static void ConfigureHttps(HttpsConnectionAdapterOptions https, SasReceiverTls tls)
    {
        https.ServerCertificate = tls.ServerCertificate;
        if (tls.RequiredClientCa is not { } ca)
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

    private static ReadAppointment Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
            var id = root.TryGetProperty("id", out var i) ? i.GetString() : null;
            if (root.TryGetProperty("identifier", out var identifiers) && identifiers.ValueKind == JsonValueKind.Array && identifiers.GetArrayLength() > 0)
            {
                var first = identifiers[0];
                var system = first.TryGetProperty("system", out var sys) ? sys.GetString() : null;
                var value = first.TryGetProperty("value", out var val) ? val.GetString() : null;
                return new ReadAppointment($"{system}|{value}", status, id);
            }

            return new ReadAppointment(string.Empty, status, id);
        }
        catch (JsonException)
        {
            return new ReadAppointment(string.Empty, null, null);
        }
    }

    private sealed record ReadAppointment(string Identifier, string? Status, string? Id)
    {
        public bool IdMatches(string id) => Id == id;
    }
}
