using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Host.Tests;

/// <summary>A pushing publisher: its own HttpClient and API key, and the IG PS example turned into a transaction.</summary>
internal sealed class PushClient : IDisposable
{
    public const string AlphaKey = "push-key-alpha-71c2";
    public const string BetaKey = "push-key-beta-0d5e";

    public PushClient(RunningHub hub, string? apiKey)
    {
        Http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    public HttpClient Http { get; }

    /// <summary>Publishers alpha and beta, each with its development API key.</summary>
    public static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Publishers:alpha:ApiKeys:0"] = AlphaKey,
            ["Publishers:beta:ApiKeys:0"] = BetaKey,
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The IG PS-individuel searchset as a transaction: one <c>PUT Type/id</c> per resource.</summary>
    public static Bundle PsExampleTransaction(Bundle.BundleType type = Bundle.BundleType.Transaction) => ExampleTransaction(IgPackage.PsBundle, type);

    /// <summary>An IG example searchset (<see cref="IgPackage"/> file name) as a transaction: one <c>PUT Type/id</c> per resource.</summary>
    public static Bundle ExampleTransaction(string example, Bundle.BundleType type = Bundle.BundleType.Transaction)
    {
        var searchset = IgPackage.ReadBundle(example);
        var transaction = new Bundle { Type = type };
        foreach (var entry in searchset.Entry.Where(e => e.Resource is not null and not OperationOutcome))
        {
            transaction.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = entry.FullUrl,
                Resource = entry.Resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{entry.Resource!.TypeName}/{entry.Resource.Id}" },
            });
        }

        return transaction;
    }

    public static string PsExampleSearch() => "fhir/Slot" + new Uri(IgPackage.ReadBundle(IgPackage.PsBundle).SelfLink!.ToString()).Query;

    public static StringContent Json(Resource resource) => Json(FhirJson.Serialize(resource));

    public static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue(FhirJson.MediaType));

    public Task<HttpResponseMessage> PostAsync(Resource bundle) => Http.PostAsync("fhir", Json(bundle));

    public void Dispose() => Http.Dispose();
}
