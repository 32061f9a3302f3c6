using System.Globalization;
using System.Text;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>The SOS Médecins Schedule search exactly as the SAS sends it (digest §2.4).</summary>
internal static class ScheduleSearchQuery
{
    /// <summary>
    /// <c>_revinclude=Slot:schedule&amp;_include=Schedule:actor:Location&amp;_include:iterate=Location:organization&amp;_has:Slot:schedule:start=ge{from:o}&amp;_has:Slot:schedule:start=le{to:o}&amp;_has:Slot:schedule:status=free&amp;actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2|3…,…</c>
    /// </summary>
    public static string Build(IEnumerable<string> sirets, DateTimeOffset from, DateTimeOffset to)
    {
        var query = new StringBuilder("_revinclude=Slot:schedule&_include=Schedule:actor:Location&_include:iterate=Location:organization");
        query.Append("&_has:Slot:schedule:start=ge").Append(SlotSearchQuery.EscapeValue(from.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&_has:Slot:schedule:start=le").Append(SlotSearchQuery.EscapeValue(to.ToString("o", CultureInfo.InvariantCulture)));
        query.Append("&_has:Slot:schedule:status=free");
        query.Append("&actor:Location.organization.identifier=");
        query.AppendJoin(',', sirets.Select(siret => KnownIdentifierSystems.StructureNationalId + "|" + SlotSearchQuery.EscapeValue(siret)));
        return query.ToString();
    }
}
