using System.Globalization;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// One slot as the SAS sees it in a Schedule search by structure, reduced to what the rules speak of: identity
/// (source + the publisher's id), times, status, structure (national id), shape (<c>sos</c> when the SOS profiles are
/// claimed, else <c>plain</c>; the Organization's TRE_R66 category or <c>-</c>), place (address), modes, types, stale tag.
/// </summary>
internal sealed record ServedStructureSlot(
    string Source,
    string Identity,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string Structure,
    string Shape,
    string Place,
    string Modes,
    string Types,
    bool Stale)
{
    public string Key => Source + "/" + Identity;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Source}/{Identity} {Start.UtcDateTime:MM-dd'T'HH:mm}-{End.UtcDateTime:HH:mm} {Status} structure={Structure} {Shape} @{Place} modes={Modes} types={Types}{(Stale ? " STALE" : string.Empty)}");
}
