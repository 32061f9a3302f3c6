using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// The resource a read by id answers: what the search answer that carries the record holds for it — the same
/// <see cref="CanonicalToFhir"/> mapping in the profile of that answer's flow, and a stale slot's tag.
/// </summary>
/// <param name="freshness">Tags stale slots; null (tests, tools) tags nothing.</param>
public sealed class ReadResourceBuilder(SlotFreshness? freshness = null)
{
    /// <summary>The resource types served by id, as FHIR spells them: every type a search answer carries as an entry.</summary>
    public static IReadOnlyList<string> ReadableTypes { get; } =
        ["Slot", "Schedule", "Practitioner", "PractitionerRole", "Location", "HealthcareService", "Organization"];

    public Resource Build(ServedResource served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var flow = served.Flow;
        switch (served.Record)
        {
            case CanonicalSlot slot:
                var resource = CanonicalToFhir.ToSlot(slot, flow switch
                {
                    ServedFlow.Cpts => SlotFlavour.Cpts,
                    ServedFlow.Sos or ServedFlow.Structure => SlotFlavour.Sos,
                    _ => SlotFlavour.PsIndividual,
                });
                freshness?.Tag(resource, slot);
                return StructureAgendaResources.Shaped(resource, flow);
            case CanonicalSchedule schedule:
                return flow is ServedFlow.Sos or ServedFlow.Structure ? StructureAgendaResources.Shaped(CanonicalToFhir.ToSosSchedule(schedule), flow) : CanonicalToFhir.ToSchedule(schedule);
            case CanonicalPractitioner practitioner:
                return CanonicalToFhir.ToPractitioner(practitioner);
            case CanonicalPlace place:
                return CanonicalToFhir.ToPractitionerRole(place);
            case CanonicalHealthcareService service:
                return CanonicalToFhir.ToHealthcareService(service);
            case CanonicalOrganization organization:
                return flow is ServedFlow.Sos or ServedFlow.Structure ? StructureAgendaResources.ToOrganization(organization, flow) : CanonicalToFhir.ToCptsOrganization(organization);
            case CanonicalLocation location:
                return StructureAgendaResources.Shaped(CanonicalToFhir.ToSosLocation(location), flow);
            default:
                throw new ArgumentException($"{served.Record.GetType().Name} is not a record the facade serves.", nameof(served));
        }
    }
}
