using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sas.Interop.Benchmarks.Data;
using Sas.Interop.Benchmarks.Measurement;
using Sas.Interop.Host.Fhir;
using Sas.Interop.Store;

namespace Sas.Interop.Benchmarks.Scenarios;

/// <summary>
/// The same SAS PS search load against one loaded hub asked for identity, gzip and br answers (issue #20): bytes on
/// the wire and process CPU per answer, each as a ratio to identity in the same run, and for each encoding the
/// transport ceiling replaying that encoding's bytes of one real answer. Before the loads, the levels the
/// compressors offer are timed on that real answer, which is how <c>Fhir:Compression</c>'s defaults were chosen.
/// </summary>
internal static class CompressionScenario
{
    private const int DistinctRequests = 1024;
    private static readonly string[] Encodings = ["identity", "gzip", "br"];

    public static async Task RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        await using var hub = await BenchmarkHub.StartAsync(settings.HubSettings, cancellationToken);
        var generator = new AgendaGenerator(SearchScenario.SourceInstance, settings.StoreSlots, FrenchClock.Now());
        var (slots, loadTime) = await StoreLoader.LoadAsync(hub.Services, generator, cancellationToken);
        Report.Progress($"store ({BenchmarkHub.ProviderName}): {slots:N0} slots, {generator.PractitionerCount:N0} practitioners, loaded in {loadTime.TotalSeconds:F1} s");

        var ids = Enumerable.Range(0, generator.PractitionerCount).Select(AgendaGenerator.NationalId).ToList();
        var paths = SasSearchRequests.Build(ids, DistinctRequests, DateTimeOffset.UtcNow, seed: 11);
        var options = hub.Services.GetRequiredService<IOptions<FhirCompressionOptions>>().Value;
        var levels = new Dictionary<string, string> { ["identity"] = "-", ["gzip"] = options.Gzip.ToString(), ["br"] = options.Brotli.ToString() };

        // One real answer in every encoding, straight from the hub; the compressed ones must decode to the identity bytes.
        var answers = new Dictionary<string, byte[]>();
        foreach (var encoding in Encodings)
        {
            using var client = NewClient(hub.BaseAddress, settings, encoding);
            using var response = await client.GetAsync(paths[0], cancellationToken);
            var sent = response.Content.Headers.ContentEncoding.SingleOrDefault() ?? "identity";
            if (sent != encoding)
            {
                throw new InvalidOperationException($"Asked for {encoding}, the hub answered {sent}.");
            }

            answers[encoding] = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        foreach (var encoding in Encodings.Skip(1))
        {
            if (!Decode(answers[encoding], encoding).AsSpan().SequenceEqual(answers["identity"]))
            {
                throw new InvalidOperationException($"The {encoding} answer does not decode to the identity answer.");
            }
        }

        foreach (var level in CompressionLevels.Measure(answers["identity"], settings.Quick ? TimeSpan.FromMilliseconds(150) : TimeSpan.FromSeconds(1)))
        {
            Report.Progress(level);
        }

        // Every distinct request once before any phase: the first phase must not be the one that fills the
        // served-agenda cache (it made identity look 5x dearer than the encodings measured after it).
        using (var primer = NewClient(hub.BaseAddress, settings, "identity"))
        {
            await new HttpLoadDriver(primer, paths).RunAsync(settings.Clients, paths.Count, TimeSpan.FromMinutes(10), cancellationToken);
        }

        var cache = hub.Services.GetRequiredService<ServedAgendaCache>();
        var results = new Dictionary<string, (LoadResult Load, double CpuMs, LoadResult Ceiling, double CeilingCpuMs)>();
        var hitRatios = new Dictionary<string, double>();
        foreach (var encoding in Encodings)
        {
            using var client = NewClient(hub.BaseAddress, settings, encoding);
            var driver = new HttpLoadDriver(client, paths);
            await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.WarmUp, cancellationToken);
            var lookupsBefore = CacheLookups.Read(cache);
            var (load, cpuMs) = await MeasureAsync(driver, settings, cancellationToken);
                        hitRatios[encoding] = CacheLookups.Read(cache).Minus(lookupsBefore).HitRatio;
            if (load.FirstError is not null)
            {
                Report.Progress($"{encoding}: first error: {load.FirstError}");
            }

            var (ceiling, ceilingCpuMs) = await CeilingAsync(answers[encoding], encoding, paths, settings, cancellationToken);
            Report.Progress(FormattableString.Invariant($"{encoding}: {load.RequestsPerSecond:F0} req/s, {load.BytesPerResponse:N0} B, {cpuMs:F2} CPU ms per answer; ceiling replaying {answers[encoding].Length:N0} B: {ceiling.RequestsPerSecond:F0} req/s, {ceilingCpuMs:F2} CPU ms"));
            results[encoding] = (load, cpuMs, ceiling, ceilingCpuMs);
        }

        var identity = results["identity"];
        foreach (var encoding in Encodings)
        {
            var (load, cpuMs, ceiling, ceilingCpuMs) = results[encoding];
            Report.Result("compression", settings)
                .Add("encoding", encoding)
                .Add("level", levels[encoding])
                .Add("slots", slots)
                .Add("clients", settings.Clients)
                .Add("requests", load.Requests)
                .Add("errors", load.Errors)
                .Add("bytes", load.BytesPerResponse, "F0")
                .Add("compression_ratio", identity.Load.BytesPerResponse / load.BytesPerResponse, "F2")
                .Add("rps", load.RequestsPerSecond, "F0")
                .Latency(string.Empty, load.Latency)
                .Add("cache_hit", hitRatios[encoding], "F3")
                .Add("cpu_ms", cpuMs, "F3")
                .Add("bytes_ratio", load.BytesPerResponse / identity.Load.BytesPerResponse, "F3")
                .Add("rps_ratio", load.RequestsPerSecond / identity.Load.RequestsPerSecond, "F2")
                .Add("p99_ratio", load.Latency.P99 / identity.Load.Latency.P99, "F2")
                .Add("cpu_ratio", cpuMs / identity.CpuMs, "F2")
                .Add("ceiling_rps", ceiling.RequestsPerSecond, "F0")
                .Add("ceiling_cpu_ms", ceilingCpuMs, "F3")
                .Add("ceiling_ratio", load.RequestsPerSecond / ceiling.RequestsPerSecond, "F2")
                .Print();
        }
    }

    /// <summary>A client like the SAS's that asks for one encoding and, like the driver, does not decode: bytes read are bytes sent.</summary>
    private static HttpClient NewClient(Uri baseAddress, BenchmarkSettings settings, string encoding)
    {
        var client = BenchmarkHub.NewClient(baseAddress, settings.Clients, TimeSpan.FromSeconds(30));
        if (encoding != "identity")
        {
            client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }

        return client;
    }

    /// <summary>One load phase and the process CPU it cost per successful answer (hub, Kestrel and driver together).</summary>
    private static async Task<(LoadResult Load, double CpuMsPerAnswer)> MeasureAsync(HttpLoadDriver driver, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var cpuBefore = CpuClock.Now();
        var load = await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.LoadDuration, cancellationToken);
        var cpu = CpuClock.Now() - cpuBefore;
        return (load, cpu.TotalMilliseconds / Math.Max(1, load.Requests - load.Errors));
    }

    /// <summary>
    /// <see cref="TransportCeiling"/> with a <c>Content-Encoding</c> header: a bare Kestrel replaying the bytes the hub
    /// sent for one real answer in that encoding (compressed once, here; never per request).
    /// </summary>
    private static async Task<(LoadResult Load, double CpuMsPerAnswer)> CeilingAsync(byte[] answer, string encoding, IReadOnlyList<string> paths, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/fhir/Slot", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/fhir+json; charset=utf-8";
            if (encoding != "identity")
            {
                http.Response.Headers.ContentEncoding = encoding;
            }

            await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = NewClient(new Uri(address.TrimEnd('/') + "/"), settings, encoding);
        var driver = new HttpLoadDriver(client, paths);
        await driver.RunAsync(settings.Clients, settings.MaxRequests, settings.WarmUp, cancellationToken);
        var result = await MeasureAsync(driver, settings, cancellationToken);
        await app.StopAsync(cancellationToken);
        return result;
    }

    private static byte[] Decode(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Each level the compressors offer, on one real answer: size and CPU per compression, one thread.</summary>
    private static class CompressionLevels
    {
        /// <summary>
        /// The hub's answer reaches the compressor through a PipeWriter in 4 KB segments, not in one write; Brotli's
        /// qualities 0 and 1 close a meta-block per write, so a one-write figure would flatter them.
        /// </summary>
        private const int WriteSize = 4096;

        public static IEnumerable<string> Measure(byte[] answer, TimeSpan budget)
        {
            yield return FormattableString.Invariant($"levels, on one real answer of {answer.Length:N0} B written in {WriteSize:N0}-B pieces as the hub writes it (one thread; CompressionLevel is what the ASP.NET providers take):");
            foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
            {
                yield return Time($"gzip {level}", answer, budget, output => new GZipStream(output, level, leaveOpen: true));
            }

            // Brotli's CompressionLevel maps to a quality (Fastest 1, Optimal 4, SmallestSize 11); other qualities
            // need BrotliCompressionOptions, which the ASP.NET provider does not take.
            foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
            {
                yield return Time($"br {level}", answer, budget, output => new BrotliStream(output, level, leaveOpen: true));
            }

            foreach (var quality in new[] { 1, 2, 3, 4, 5, 6, 11 })
            {
                yield return Time($"br quality {quality}", answer, budget, output => new BrotliStream(output, new BrotliCompressionOptions { Quality = quality }, leaveOpen: true));
            }

            yield return PerResource(answer);
        }

        /// <summary>
        /// What pre-compressed stored renderings would cost: each entry's resource compressed on its own (gzip members
        /// can be concatenated; Brotli streams cannot), against the answer compressed whole.
        /// </summary>
        private static string PerResource(byte[] answer)
        {
            using var document = System.Text.Json.JsonDocument.Parse(answer);
            var (count, raw, compressed) = (0, 0L, 0L);
            foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
            {
                var resource = System.Text.Encoding.UTF8.GetBytes(entry.GetProperty("resource").GetRawText());
                using var output = new MemoryStream();
                using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(resource);
                }

                (count, raw, compressed) = (count + 1, raw + resource.Length, compressed + output.Length);
            }

            return FormattableString.Invariant($"  per resource (pre-compressed renderings): {count} entries, {raw / (double)count:F0} B each, gzip Optimal alone {compressed / (double)count:F0} B each (ratio {raw / (double)compressed:F1}; the whole answer's is above)");
        }

        private static string Time(string name, byte[] answer, TimeSpan budget, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream(answer.Length);
            var runs = 0;
            var started = CpuClock.Now();
            var watch = Stopwatch.StartNew();
            do
            {
                output.SetLength(0);
                using (var stream = compressor(output))
                {
                    for (var offset = 0; offset < answer.Length; offset += WriteSize)
                    {
                        stream.Write(answer.AsSpan(offset, Math.Min(WriteSize, answer.Length - offset)));
                    }
                }

                runs++;
            }
            while (watch.Elapsed < budget);

            var cpuMs = (CpuClock.Now() - started).TotalMilliseconds / runs;
            return FormattableString.Invariant($"  {name,-18} {output.Length,9:N0} B  ratio {answer.Length / (double)output.Length,5:F1}  {cpuMs,7:F2} CPU ms  {watch.Elapsed.TotalMilliseconds / runs,7:F2} wall ms");
        }
    }
}
