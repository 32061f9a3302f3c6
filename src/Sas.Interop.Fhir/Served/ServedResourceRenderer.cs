using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Bundles;

namespace Sas.Interop.Fhir.Served;

/// <summary>
/// Renders the PS-individuel resources the facade serves (Slot, Schedule, Practitioner, PractitionerRole) with the
/// same mapping as <see cref="SlotBundleBuilder"/>, in the <see cref="ServedJsonLayout"/> form the store keeps.
/// </summary>
public sealed class ServedResourceRenderer : IServedResourceRenderer
{
    /// <summary>
    /// Bump it with any change to what <see cref="CanonicalToFhir"/> emits for these four resources (or to the
    /// layout): older renderings then stop being served and are rendered again as their rows are next written.
    /// <c>ServedResourceRendererTests</c> fails on a change of output that keeps the same format.
    /// </summary>
    public const byte CurrentFormat = 3;

    public byte Format => CurrentFormat;

    public byte[] Render(CanonicalSlot slot) => ServedJsonLayout.Encode(CurrentFormat, CanonicalToFhir.ToSlot(slot, SlotFlavour.PsIndividual));

    public byte[] Render(CanonicalSchedule schedule) => ServedJsonLayout.Encode(CurrentFormat, CanonicalToFhir.ToSchedule(schedule));

    public byte[] Render(CanonicalPractitioner practitioner) => ServedJsonLayout.Encode(CurrentFormat, CanonicalToFhir.ToPractitioner(practitioner));

    public byte[] Render(CanonicalPlace place) => ServedJsonLayout.Encode(CurrentFormat, CanonicalToFhir.ToPractitionerRole(place));
}
