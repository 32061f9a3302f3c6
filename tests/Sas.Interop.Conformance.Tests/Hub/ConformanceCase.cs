namespace Sas.Interop.Conformance.Tests.Hub;

/// <summary>
/// One row of the conformance table: an IG example bundle served by a loopback publisher, the roster the hub's
/// sas-fhir connector syncs, the clock pinned at the example's time, and the IG's requests with their expected
/// answers. <paramref name="NotServedYet"/> set = the row is ignored with that reason until the hub serves the flow.
/// </summary>
public sealed record ConformanceCase(
    string Name,
    SearchFlow Flow,
    string ExampleBundle,
    IReadOnlyList<string> Roster,
    DateTimeOffset ExampleNow,
    string BundleProfile,
    IReadOnlyDictionary<string, string> ResourceProfiles,
    string MatchResourceType,
    IReadOnlyList<IgRequest> Requests,
    string? NotServedYet = null)
{
    /// <summary>Hub settings for a sas-fhir connector instance pointed at the publisher.</summary>
    public Dictionary<string, string> ConnectorSettings(string id, string publisherBaseUrl)
    {
        var settings = new Dictionary<string, string>
        {
            [$"Connectors:{id}:Type"] = "sas-fhir",
            [$"Connectors:{id}:BaseUrl"] = publisherBaseUrl,
            [$"Connectors:{id}:Schedule"] = "01:00:00",
        };
        if (Flow != SearchFlow.Ps)
        {
            settings[$"Connectors:{id}:Flow"] = Flow.ToString().ToLowerInvariant();
        }

        // SOS rosters are associations (SIRET), the others practitioners.
        var rosterKey = Flow == SearchFlow.Sos ? "Organizations" : "Practitioners";
        for (var i = 0; i < Roster.Count; i++)
        {
            settings[$"Connectors:{id}:{rosterKey}:{i}"] = Roster[i];
        }

        return settings;
    }

    public override string ToString() => Name;
}
