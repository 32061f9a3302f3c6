using System.Globalization;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Benchmarks.Data;

/// <summary>The IG PS-individuel request, as the SAS sends it: up to 25 practitioners, a 72 h window from now.</summary>
internal static class SasSearchRequests
{
    public const int PractitionersPerRequest = 25;
    public static readonly TimeSpan Window = TimeSpan.FromHours(72);

    /// <summary><paramref name="count"/> request paths (relative to the FHIR base's parent), each for 25 random practitioners.</summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<string> nationalIds, int count, DateTimeOffset from, int seed, string pathPrefix = "fhir/Slot")
    {
        var random = new Random(seed);
        var requests = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            while (chosen.Count < Math.Min(PractitionersPerRequest, nationalIds.Count))
            {
                chosen.Add(nationalIds[random.Next(nationalIds.Count)]);
            }

            requests.Add(pathPrefix + "?" + Query(chosen, from, from + Window));
        }

        return requests;
    }

    public static string Query(IEnumerable<string> nationalIds, DateTimeOffset from, DateTimeOffset to) =>
        "_include=Slot:schedule&_include:iterate=Schedule:actor"
        + $"&start=ge{Format(from)}&start=le{Format(to)}&status=free"
        + "&schedule.actor:Practitioner.identifier="
        + string.Join(',', nationalIds.Select(id => Uri.EscapeDataString(KnownIdentifierSystems.PractitionerNationalId + "|" + id)));

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
