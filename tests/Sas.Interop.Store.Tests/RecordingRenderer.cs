using System.Text;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store.Tests;

/// <summary>
/// A renderer whose output names what it was made from (so a stale rendering shows), counting what it renders. The
/// store treats renderings as opaque bytes but for the format byte, which <see cref="Format"/> lets a test change.
/// </summary>
internal sealed class RecordingRenderer : IServedResourceRenderer
{
    public byte Format { get; set; } = 1;

    public int SlotsRendered { get; private set; }

    public int OthersRendered { get; private set; }

    public byte[] Render(CanonicalSlot slot)
    {
        SlotsRendered++;
        return Encode($"Slot {slot.NativeId} {slot.Start:O} {slot.Status} {string.Join('|', slot.Motives)} v{slot.Version}");
    }

    public byte[] Render(CanonicalSchedule schedule) => Other($"Schedule {schedule.NativeId} {schedule.PlaceNativeId} v{schedule.Version}");

    public byte[] Render(CanonicalPractitioner practitioner) => Other($"Practitioner {practitioner.NativeId} {practitioner.Family} v{practitioner.Version}");

    public byte[] Render(CanonicalPlace place) => Other($"Place {place.NativeId} {place.Address?.City} v{place.Version}");

    public static string Text(byte[] rendering) => Encoding.UTF8.GetString(rendering.AsSpan(1));

    private byte[] Other(string text)
    {
        OthersRendered++;
        return Encode(text);
    }

    private byte[] Encode(string text) => [Format, .. Encoding.UTF8.GetBytes(text)];
}
