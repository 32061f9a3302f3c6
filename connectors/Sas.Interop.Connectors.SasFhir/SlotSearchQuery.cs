using System.Globalization;
using System.Text;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>The INT_R01 PS-individuel and INT_R04 CPTS Slot searches exactly as the SAS sends them (digest §2.2, §2.3).</summary>
internal static class SlotSearchQuery
{
    public const string FhirJsonMediaType = "application/fhir+json";

    /// <summary>
    /// <c>_include=Slot:schedule&amp;_include:iterate=Schedule:actor&amp;start=ge{from:o}&amp;start=le{to:o}&amp;status=free&amp;schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|id1,…</c>
    /// </summary>
    public static string Build(IEnumerable<string> practitionerIds, DateTimeOffset from, DateTimeOffset to)
    {
        var query = new StringBuilder("_include=Slot:schedule&_include:iterate=Schedule:actor");
        query.Append("&start=ge").Append(EscapeValue(from.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&start=le").Append(EscapeValue(to.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&status=free");
        query.Append("&schedule.actor:Practitioner.identifier=");
        query.AppendJoin(',', practitionerIds.Select(id => KnownIdentifierSystems.PractitionerNationalId + "|" + EscapeValue(id)));
        return query.ToString();
    }

    /// <summary>
    /// The CPTS search in the IG's own parameter order: <c>_include=Slot:schedule&amp;_include:iterate=Schedule:actor&amp;_include=Slot:service-type-reference&amp;_include:iterate=HealthcareService:organization&amp;start=ge{from:o}&amp;start=le{to:o}&amp;schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|id1,…&amp;status=free</c>
    /// </summary>
    public static string BuildCpts(IEnumerable<string> practitionerIds, DateTimeOffset from, DateTimeOffset to)
    {
        var query = new StringBuilder("_include=Slot:schedule&_include:iterate=Schedule:actor&_include=Slot:service-type-reference&_include:iterate=HealthcareService:organization");
        query.Append("&start=ge").Append(EscapeValue(from.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&start=le").Append(EscapeValue(to.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&schedule.actor:Practitioner.identifier=");
        query.AppendJoin(',', practitionerIds.Select(id => KnownIdentifierSystems.PractitionerNationalId + "|" + EscapeValue(id)));
        query.Append("&status=free");
        return query.ToString();
    }

    /// <summary>
    /// Escapes what would change meaning in a query value — above all the '+' of an offset, which form decoders
    /// read as a space — and keeps ':' and '/' readable as the IG writes them.
    /// </summary>
    public static string EscapeValue(string value) =>
        Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal);
}
