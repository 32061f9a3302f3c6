namespace Sas.Interop.Model.Tests;

/// <summary>What the pulled publisher's agenda says of one practitioner now: name, place (index in the place pool), slots.</summary>
internal sealed class AgendaPractitioner(string nationalId, string family, int place)
{
    public string NationalId { get; } = nationalId;

    public string Family { get; set; } = family;

    public int Place { get; set; } = place;

    public SortedDictionary<string, AgendaSlot> Slots { get; } = new(StringComparer.Ordinal);

    /// <summary>What the publisher declares of the practitioner's availability now (R7); null: nothing.</summary>
    public AgendaUnavailability? Unavailability { get; set; }

    public AgendaPractitioner Clone()
    {
        var copy = new AgendaPractitioner(NationalId, Family, Place) { Unavailability = Unavailability };
        foreach (var (id, slot) in Slots)
        {
            copy.Slots[id] = slot;
        }

        return copy;
    }
}
