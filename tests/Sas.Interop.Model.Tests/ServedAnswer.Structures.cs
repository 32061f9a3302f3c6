using System.Net;
using Hl7.Fhir.Model;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Bundles;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Model.Tests;

/// <summary>The Schedule search by structure (the IG's SOS search generalised), reduced to <see cref="ServedStructureSlot"/>s.</summary>
internal static partial class ServedAnswer
{
    /// <summary>The IG's SOS request (README, StructureAgendaEndToEndTests) for these structures over [from, to], free slots.</summary>
    public static string StructureQuery(DateTimeOffset from, DateTimeOffset to, IEnumerable<string> structures) =>
        "_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization"
        + $"&_has:Slot:schedule:start=ge{Iso(from)}&_has:Slot:schedule:start=le{Iso(to)}&_has:Slot:schedule:status=free"
        + "&actor:Location.organization.identifier=" + string.Join(",", structures.Select(id => Uri.EscapeDataString(KnownIdentifierSystems.StructureNationalId + "|" + id)))
        + "&_count=1000";

    /// <summary>The slots served, and <c>total</c> (it counts Schedules, the search's matches).</summary>
    public static async Task<(IReadOnlyList<ServedStructureSlot> Slots, int? Total)> ReadStructuresAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("fhir/Schedule?" + query);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ModelMismatchException($"GET /fhir/Schedule (by structure) answered {(int)response.StatusCode}: {body}");
        }

        var bundle = FhirJson.Parse<Bundle>(body);
        var byReference = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var resource in bundle.Entry.Select(e => e.Resource).OfType<Resource>())
        {
            byReference[resource.TypeName + "/" + resource.Id] = resource;
        }

        var slots = new List<ServedStructureSlot>();
        foreach (var slot in bundle.Entry.Select(e => e.Resource).OfType<Slot>())
        {
            var dot = slot.Id.IndexOf('.', StringComparison.Ordinal);
            var schedule = byReference.GetValueOrDefault(slot.Schedule?.Reference ?? string.Empty) as Schedule;
            var location = schedule?.Actor.Select(a => byReference.GetValueOrDefault(a.Reference ?? string.Empty)).OfType<Location>().FirstOrDefault();
            var organization = byReference.GetValueOrDefault(location?.ManagingOrganization?.Reference ?? string.Empty) as Organization;
            var sos = slot.Meta?.Profile.Any(p => p.EndsWith("sas-sos-slot-aggregator", StringComparison.Ordinal)) == true;
            var category = organization?.Type.SelectMany(t => t.Coding).FirstOrDefault(c => c.System == AgendaResources.EstablishmentCategorySystem)?.Code ?? "-";
            slots.Add(new ServedStructureSlot(
                dot < 0 ? "?" : slot.Id[..dot],
                slot.Id[(dot + 1)..],
                slot.Start?.ToUniversalTime() ?? default,
                slot.End?.ToUniversalTime() ?? default,
                slot.Status?.ToString().ToLowerInvariant() ?? "?",
                organization?.Identifier.FirstOrDefault(i => i.System == KnownIdentifierSystems.StructureNationalId)?.Value ?? "?",
                (sos ? "sos/" : "plain/") + category,
                location is null ? "?" : AgendaResources.PlaceKeyOf(location),
                Join(slot.ServiceType.SelectMany(c => c.Coding).Where(c => c.System == AgendaResources.ActCodeSystem).Select(c => c.Code)),
                Join(slot.Meta?.Security.Where(c => c.System == AgendaResources.SlotTypeSystem).Select(c => c.Code) ?? []),
                slot.Meta?.Tag.Any(t => t.System == SlotFreshness.TagSystem && t.Code == SlotFreshness.StaleCode) == true));
        }

        return (slots, bundle.Total);
    }
}
