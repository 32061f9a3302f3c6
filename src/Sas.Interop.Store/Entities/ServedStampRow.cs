namespace Sas.Interop.Store.Entities;

/// <summary>
/// A change counter per (practitioner national id, source), bumped by database triggers whenever a slot, schedule,
/// practitioner or place row that a PS-individuel answer for that practitioner is made of is written, whoever writes
/// it (EF, the raw-SQL bulk paths, another hub node). The served-agenda cache keeps an entry only while the stamps it
/// was loaded under are still the current ones. Rows are never deleted: a stamp only grows.
/// </summary>
internal sealed class ServedStampRow
{
    public required string PractitionerNationalId { get; set; }

    public required string SourceInstance { get; set; }

    public long Stamp { get; set; }
}
