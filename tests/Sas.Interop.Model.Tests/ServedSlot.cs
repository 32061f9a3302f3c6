using System.Globalization;

namespace Sas.Interop.Model.Tests;

/// <summary>
/// One slot as the SAS sees it in a PS-individuel answer, reduced to what the rules of served truth speak of:
/// identity (source + the publisher's id or identifier), times, status, practitioner, place, modes, types, stale tag.
/// </summary>
internal sealed record ServedSlot(
    string Source,
    string Identity,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string Practitioner,
    string Family,
    string Place,
    string Modes,
    string Types,
    bool Stale)
{
    public string Key => Source + "/" + Identity;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Source}/{Identity} {Start.UtcDateTime:MM-dd'T'HH:mm}-{End.UtcDateTime:HH:mm} {Status} pr={Practitioner} {Family} @{Place} modes={Modes} types={Types}{(Stale ? " STALE" : string.Empty)}");
}
