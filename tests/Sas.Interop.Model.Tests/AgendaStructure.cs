namespace Sas.Interop.Model.Tests;

/// <summary>
/// What the pulled publisher's agenda says of one structure now (a centre de santé or MSP by <c>1</c>+FINESS, or a
/// structure by <c>3</c>+SIRET): its TRE_R66 category (null for a SIRET one), its place (index in the place pool), its
/// slots (no practitioner), and whether its Schedule is declared inactive (R7).
/// </summary>
internal sealed class AgendaStructure(string nationalId, string? category, int place)
{
    public string NationalId { get; } = nationalId;

    /// <summary>TRE_R66 <c>124</c> (centre de santé) or <c>603</c> (MSP) for a FINESS structure; null for a SIRET one (served SOS-shaped).</summary>
    public string? Category { get; } = category;

    public int Place { get; set; } = place;

    public SortedDictionary<string, AgendaSlot> Slots { get; } = new(StringComparer.Ordinal);

    /// <summary>R7: <c>Schedule.active=false</c> as the publisher sends it now.</summary>
    public bool ScheduleInactive { get; set; }
}
