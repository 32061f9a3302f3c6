using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// Renders, once when a record is written, the FHIR JSON the facade serves for it (PS-individuel flavour), so a
/// search splices stored bytes instead of building and serializing resources for every request. The store keeps
/// the bytes opaque; only the renderer and the facade's bundle writer know their layout.
/// </summary>
public interface IServedResourceRenderer
{
    /// <summary>
    /// Version of the layout and of the mapping, the first byte of every rendering. A rendering of another format is
    /// never served: the search falls back to building resources, and the record is rendered again when next written.
    /// </summary>
    byte Format { get; }

    byte[] Render(CanonicalSlot slot);

    byte[] Render(CanonicalSchedule schedule);

    byte[] Render(CanonicalPractitioner practitioner);

    byte[] Render(CanonicalPlace place);
}
