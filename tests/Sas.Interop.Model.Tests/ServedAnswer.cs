using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Model.Tests;

/// <summary>Asks the hub the IG PS-individuel search and reduces its searchset to <see cref="ServedSlot"/>s.</summary>
internal static partial class ServedAnswer
{
    /// <summary>The identity every conditionally written slot is compared under (see <see cref="ReadAsync"/>).</summary>
    public const string ConditionalIdentity = "(conditional)";

    public const string PractitionerSystem = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>The IG request (README, SlotSearchEndToEndTests) for these practitioners over [from, to].</summary>
    public static string PsQuery(DateTimeOffset from, DateTimeOffset to, IEnumerable<string> nationalIds) =>
        "_include=Slot:schedule&_include:iterate=Schedule:actor"
        + $"&start=ge{Iso(from)}&start=le{Iso(to)}&status=free"
        + "&schedule.actor:Practitioner.identifier=" + string.Join(",", nationalIds.Select(id => Uri.EscapeDataString(PractitionerSystem + "|" + id)))
        + "&_count=1000";

    public static async Task<(IReadOnlyList<ServedSlot> Slots, int? Total, Dictionary<ServedSlot, string> HubIds)> ReadAsync(HttpClient client, string query, IReadOnlySet<string> conditionalSystems)
    {
        using var response = await client.GetAsync("fhir/Slot?" + query);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /fhir/Slot answered {(int)response.StatusCode}: {body}");
        }

        var bundle = FhirJson.Parse<Bundle>(body);
        var byReference = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var resource in bundle.Entry.Select(e => e.Resource).OfType<Resource>())
        {
            byReference[resource.TypeName + "/" + resource.Id] = resource;
        }

        var slots = new List<ServedSlot>();
        var hubIds = new Dictionary<ServedSlot, string>();
        foreach (var slot in bundle.Entry.Select(e => e.Resource).OfType<Slot>())
        {
            var dot = slot.Id.IndexOf('.', StringComparison.Ordinal);
            var source = dot < 0 ? "?" : slot.Id[..dot];
            var identity = slot.Id[(dot + 1)..];
            // A conditional write's slot: the hub serves no Slot.identifier and names the slot after the identifier's
            // value, so which system it was written with shows only in what it holds (the model compares it as such).
            if (source == TruthModel.PushSource && (slot.Identifier.Any(i => i.System is not null && conditionalSystems.Contains(i.System)) || !PlainPushId().IsMatch(identity)))
            {
                identity = ConditionalIdentity;
            }

            var schedule = byReference.GetValueOrDefault(slot.Schedule?.Reference ?? string.Empty) as Schedule;
            var practitioner = schedule?.Actor.Select(a => byReference.GetValueOrDefault(a.Reference ?? string.Empty)).OfType<Practitioner>().FirstOrDefault();
            var role = schedule?.Actor.Select(a => byReference.GetValueOrDefault(a.Reference ?? string.Empty)).OfType<PractitionerRole>().FirstOrDefault();
            var location = role?.Contained.OfType<Location>().FirstOrDefault();

            // The model's places have no coordinates (a place is compared by its address); an absurd one must never reach the SAS.
            if (location?.Position is { } position && (position.Latitude is < -90 or > 90 || position.Longitude is < -180 or > 180))
            {
                throw new ModelMismatchException($"Slot/{slot.Id} is served with its place at latitude {position.Latitude}, longitude {position.Longitude}.");
            }
            var stale = slot.Meta?.Tag.Any(t => t.System == SlotFreshness.TagSystem && t.Code == SlotFreshness.StaleCode) == true;
            var served = new ServedSlot(
                source,
                identity,
                slot.Start?.ToUniversalTime() ?? default,
                slot.End?.ToUniversalTime() ?? default,
                slot.Status?.ToString().ToLowerInvariant() ?? "?",
                practitioner?.Identifier.FirstOrDefault(i => i.System == PractitionerSystem)?.Value ?? "?",
                practitioner?.Name.FirstOrDefault()?.Family ?? "?",
                location is null ? "?" : AgendaResources.PlaceKeyOf(location),
                Join(slot.ServiceType.SelectMany(c => c.Coding).Where(c => c.System == AgendaResources.ActCodeSystem).Select(c => c.Code)),
                Join(slot.Meta?.Security.Where(c => c.System == AgendaResources.SlotTypeSystem).Select(c => c.Code) ?? []),
                stale);
            slots.Add(served);
            hubIds.TryAdd(served, slot.Id);
        }

        return (slots, bundle.Total, hubIds);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^p[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex PlainPushId();

    public static string Join(IEnumerable<string> codes) => string.Join("+", codes.Order(StringComparer.Ordinal));

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
