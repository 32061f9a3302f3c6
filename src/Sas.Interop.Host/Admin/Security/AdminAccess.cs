using System.Security.Cryptography;
using System.Text;

namespace Sas.Interop.Host.Admin.Security;

/// <summary>
/// Who may use /admin and /metrics: holders of a key from <c>Admin:ApiKeys</c>. With no key configured the
/// admin surface is open in the demo (<c>Sas.Interop.Demo</c>, a local sandbox) only and closed otherwise, so a
/// forgotten setting never exposes a production hub.
/// </summary>
internal sealed class AdminAccess
{
    public const string SectionName = "Admin:ApiKeys";

    private readonly byte[][] _keyHashes;

    public AdminAccess(IEnumerable<string> keys, bool openWithoutKeys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keyHashes = [.. keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(Hash)];
        OpenWithoutKeys = openWithoutKeys;
    }

    public bool HasKeys => _keyHashes.Length > 0;

    public bool OpenWithoutKeys { get; }

    public static AdminAccess FromConfiguration(IConfiguration configuration, bool openWithoutKeys)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = configuration.GetSection(SectionName).Get<string[]>() ?? [];
        return new AdminAccess(keys, openWithoutKeys);
    }

    /// <summary>
    /// Compares hashes in constant time, against every key without stopping at a match: neither the length
    /// nor the content of a key leaks through timing.
    /// </summary>
    public bool Accepts(string presented)
    {
        var hash = Hash(presented);
        var accepted = false;
        foreach (var keyHash in _keyHashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(hash, keyHash);
        }

        return accepted;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
