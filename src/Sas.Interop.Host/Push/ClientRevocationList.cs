using System.Collections.Frozen;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Sas.Interop.Host.Push;

/// <summary>
/// The client CA's certificate revocation list (<c>Tls:ClientCrlPath</c>). It is read and its signature verified with
/// BouncyCastle because .NET's <see cref="X509Chain"/> cannot be handed a CRL file on Linux: its Offline mode only reads
/// its own download cache, keyed by the certificate's distribution point URL. The file's write time and length are
/// looked at on every TLS handshake (one stat) and every health check, so a CA's new CRL applies without a restart.
/// </summary>
/// <remarks>
/// Policy. A listed certificate is always refused: revocation is final, and the IG protects SAS flows with IGC-Santé
/// certificates whose holders may have lost their key. A CRL past its nextUpdate is still applied (its entries stay
/// true) but unlisted certificates are still accepted — fail open — with a warning and a Degraded health check:
/// refusing every publisher because the CA's publication lagged would stop the availability flow the regulation
/// depends on, and an operator can act on the Degraded status. A replacement file that is unreadable, not signed by the
/// CA, or older than the CRL in force is refused (an older CRL could forget later revocations); the CRL in force stays.
/// </remarks>
internal sealed class ClientRevocationList
{
    private readonly string _path;
    private readonly X509Certificate2 _ca;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile State _state;
    private Content? _staleReported;

    private ClientRevocationList(string path, X509Certificate2 ca, State initial, TimeProvider time, ILogger logger)
    {
        _path = path;
        _ca = ca;
        _state = initial;
        _time = time;
        _logger = logger;
    }

    /// <summary>Entries and validity of one verified CRL.</summary>
    internal sealed record Content(DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate, FrozenSet<BigInteger> RevokedSerials);

    /// <summary>What the health check shows: the CRL in force and why the file's current content was refused, if it was.</summary>
    internal sealed record Status(Content InForce, bool Stale, string? RefusedFile);

    private sealed record State(Content Crl, FileStamp File, string? RefusedFile);

    private readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : new FileStamp(DateTime.MinValue, -1);
        }
    }

    public string Path => _path;

    /// <summary>
    /// Reads the file at start-up; a bad file is a configuration error naming the setting. <paramref name="time"/> judges
    /// nextUpdate: pass the clock X509Chain also uses for certificate validity, the system's.
    /// </summary>
    public static ClientRevocationList Load(string path, X509Certificate2 ca, TimeProvider time, ILogger logger)
    {
        var stamp = FileStamp.Of(path);
        try
        {
            return new ClientRevocationList(path, ca, new State(Read(path, ca), stamp, RefusedFile: null), time, logger);
        }
        catch (InvalidDataException ex)
        {
            throw new ClientConfigurationException($"Tls:ClientCrlPath '{path}' {ex.Message}.", ex);
        }
    }

    /// <summary>True when <paramref name="certificate"/>'s serial number is listed (the caller checked it was issued by the CA).</summary>
    public bool IsRevoked(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var crl = Refresh().Crl;
        return crl.RevokedSerials.Contains(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true));
    }

    /// <summary>Re-reads the file if it changed, then tells what is in force.</summary>
    public Status CurrentStatus()
    {
        var state = Refresh();
        return new Status(state.Crl, IsStale(state.Crl), state.RefusedFile);
    }

    /// <summary>Verifies and reads a CRL file; <see cref="InvalidDataException"/> says what is wrong with it.</summary>
    internal static Content Read(string path, X509Certificate2 ca)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot be read ({ex.Message})", ex);
        }

        X509Crl? crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(bytes);
        }
        catch (CrlException ex)
        {
            throw new InvalidDataException($"is not an X.509 CRL in PEM or DER ({ex.InnerException?.Message ?? ex.Message})", ex);
        }

        if (crl is null)
        {
            throw new InvalidDataException("is not an X.509 CRL in PEM or DER");
        }

        var issuer = new X509CertificateParser().ReadCertificate(ca.RawData);
        if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            throw new InvalidDataException($"is issued by '{crl.IssuerDN}', not by the Tls:ClientCaPath CA '{issuer.SubjectDN}'");
        }

        // An unsigned or forged file must never decide who is trusted: only the CA's own key vouches for a CRL.
        bool signedByCa;
        try
        {
            signedByCa = crl.IsSignatureValid(issuer.GetPublicKey());
        }
        catch (GeneralSecurityException ex)
        {
            throw new InvalidDataException($"has a signature that cannot be checked ({ex.Message})", ex);
        }

        if (!signedByCa)
        {
            throw new InvalidDataException("is not signed by the Tls:ClientCaPath CA's key");
        }

        var serials = ((IEnumerable<X509CrlEntry>?)crl.GetRevokedCertificates() ?? []).Select(entry => new BigInteger(entry.SerialNumber.ToByteArray(), isUnsigned: false, isBigEndian: true));
        return new Content(Utc(crl.ThisUpdate), crl.NextUpdate is { } next ? Utc(next) : null, serials.ToFrozenSet());
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private State Refresh()
    {
        var state = _state;
        var stamp = FileStamp.Of(_path);
        if (stamp != state.File)
        {
            lock (_reload)
            {
                state = _state;
                if (stamp != state.File)
                {
                    state = Reload(state, stamp);
                    _state = state;
                }
            }
        }

        if (IsStale(state.Crl) && !ReferenceEquals(Interlocked.Exchange(ref _staleReported, state.Crl), state.Crl))
        {
            _logger.LogWarning(
                "Tls:ClientCrlPath {Path}: the CRL's nextUpdate {NextUpdate:u} has passed. It is still applied (listed certificates are refused, others accepted) until the CA's next CRL replaces the file.",
                _path,
                state.Crl.NextUpdate);
        }

        return state;
    }

    private State Reload(State inForce, FileStamp stamp)
    {
        try
        {
            var fresh = Read(_path, _ca);
            if (fresh.ThisUpdate < inForce.Crl.ThisUpdate)
            {
                throw new InvalidDataException($"is older (thisUpdate {fresh.ThisUpdate:u}) than the CRL in force ({inForce.Crl.ThisUpdate:u}) and could miss later revocations");
            }

            _logger.LogInformation(
                "Tls:ClientCrlPath {Path} reloaded: {Count} revoked certificate(s), thisUpdate {ThisUpdate:u}, nextUpdate {NextUpdate:u}.",
                _path,
                fresh.RevokedSerials.Count,
                fresh.ThisUpdate,
                fresh.NextUpdate);
            return new State(fresh, stamp, RefusedFile: null);
        }
        catch (InvalidDataException ex)
        {
            _logger.LogError(
                "Tls:ClientCrlPath {Path} changed but {Reason}; the CRL of {ThisUpdate:u} stays in force.",
                _path,
                ex.Message,
                inForce.Crl.ThisUpdate);
            return inForce with { File = stamp, RefusedFile = ex.Message };
        }
    }

    private bool IsStale(Content crl) => crl.NextUpdate is { } next && next < _time.GetUtcNow();
}
