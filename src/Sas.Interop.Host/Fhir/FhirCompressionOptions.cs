using System.IO.Compression;

namespace Sas.Interop.Host.Fhir;

/// <summary>Configuration section <c>Fhir:Compression</c>: gzip and Brotli answers on <c>/fhir</c>.</summary>
internal sealed class FhirCompressionOptions
{
    public const string SectionName = "Fhir:Compression";

    /// <summary>The names a level may take (<see cref="CompressionLevel"/>'s).</summary>
    private static readonly string[] LevelNames = Enum.GetNames<CompressionLevel>();

    /// <summary>False: every <c>/fhir</c> answer goes out as it is, whatever the client accepts.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Compress over HTTPS too (ASP.NET's default is not to, for BREACH). True by default: <c>/fhir</c> answers carry
    /// no secret for a reflected input to be compared against (README, "FHIR facade").
    /// </summary>
    public bool EnableForHttps { get; set; } = true;

    /// <summary>
    /// A <see cref="CompressionLevel"/> name. <c>Fastest</c> (zlib level 1): a PS answer 16× smaller for ~0.3 CPU ms;
    /// <c>Optimal</c> (6) gets 27× for ~1 ms (harness scenario <c>compression</c>). The hub's CPU is the scarce resource.
    /// </summary>
    public string GzipLevel { get; set; } = nameof(CompressionLevel.Fastest);

    /// <summary>
    /// A <see cref="CompressionLevel"/> name (Brotli quality: Fastest 1, Optimal 4, SmallestSize 11). Not <c>Fastest</c>:
    /// quality 1 closes a block on every write, and the hub writes in 4 KB pieces: 5× only, for more CPU than quality 4's 29×.
    /// </summary>
    public string BrotliLevel { get; set; } = nameof(CompressionLevel.Optimal);

    public CompressionLevel Gzip => Parse(GzipLevel);

    public CompressionLevel Brotli => Parse(BrotliLevel);

    /// <summary>Every problem with these settings, as <c>Fhir:Compression:Key: message</c> lines.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!IsLevel(GzipLevel))
        {
            problems.Add($"{SectionName}:GzipLevel: '{GzipLevel}' is not a compression level ({string.Join(", ", LevelNames)}).");
        }

        if (!IsLevel(BrotliLevel))
        {
            problems.Add($"{SectionName}:BrotliLevel: '{BrotliLevel}' is not a compression level ({string.Join(", ", LevelNames)}).");
        }

        return problems;
    }

    // Names only: Enum.TryParse would also take "7", an undefined level.
    private static bool IsLevel(string? value) => LevelNames.Contains(value?.Trim(), StringComparer.OrdinalIgnoreCase);

    private static CompressionLevel Parse(string value) => Enum.Parse<CompressionLevel>(value.Trim(), ignoreCase: true);
}
