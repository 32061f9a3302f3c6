using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;
using SystemDateTime = Hl7.Fhir.ElementModel.Types.DateTime;

namespace Sas.Interop.Ingestion.Normalisation;

/// <summary>
/// Reads <c>PractitionerRole.notAvailable</c>. A bad entry is a feed-quality issue, never a reason to reject the role:
/// an entry whose period is unreadable or ends before it starts is dropped (serving slots the practitioner may not
/// honour is the lesser harm than hiding a whole agenda on a typo, and the issue tells the publisher); an entry with no
/// description is kept with a neutral one (R4 requires it, the period is what withholds).
/// </summary>
internal static class UnavailabilityReader
{
    /// <summary>The description given to an entry that has none.</summary>
    public const string DefaultDescription = "Indisponible";

    /// <summary>The entries of <paramref name="role"/> kept; <paramref name="report"/> gets (reason, message, FHIRPath) of each issue.</summary>
    public static IReadOnlyList<CanonicalUnavailability> Read(PractitionerRole role, Action<string, string, string> report)
    {
        if (role.NotAvailable.Count == 0)
        {
            return [];
        }

        var periods = new List<CanonicalUnavailability>();
        for (var i = 0; i < role.NotAvailable.Count; i++)
        {
            var entry = role.NotAvailable[i];
            var path = $"PractitionerRole.notAvailable[{i}]";
            DateTimeOffset? start = null;
            DateTimeOffset? end = null;
            if (entry.During is { } during)
            {
                if (!TryRead(during.StartElement, isEnd: false, out start) || !TryRead(during.EndElement, isEnd: true, out end))
                {
                    report(Reasons.InvalidValue, $"The unavailability's period ({FhirValues.Raw(during.StartElement)} – {FhirValues.Raw(during.EndElement)}) is not a date-time period; the entry was dropped.", path + ".during");
                    continue;
                }

                if (start is not null && end is not null && end <= start)
                {
                    report(Reasons.InvalidValue, $"The unavailability ends ({end:O}) before or when it starts ({start:O}); the entry was dropped.", path + ".during.end");
                    continue;
                }
            }

            var description = FhirValues.Text(entry.Description);
            if (description is null)
            {
                report(Reasons.MissingElement, $"The unavailability has no description; kept as '{DefaultDescription}'.", path + ".description");
            }

            periods.Add(new CanonicalUnavailability { Description = description ?? DefaultDescription, Start = start, End = end });
        }

        return periods;
    }

    /// <summary>A period bound; a date-only end means the end of that day (FHIR Period: the whole day is included).</summary>
    private static bool TryRead(FhirDateTime? element, bool isEnd, out DateTimeOffset? value)
    {
        value = null;
        if (element is null || (element.Value is null && element.JsonValue is null))
        {
            return true;
        }

        if (!element.HasValidValue() || !element.TryToSystemDateTime(out SystemDateTime? parsed) || parsed is null)
        {
            return false;
        }

        // A value without an offset (a date, most often) is French time, as everywhere in the SAS.
        var instant = parsed.ToDateTimeOffset(Sas.Interop.Core.Statistics.StatisticsCalendar.Zone.GetUtcOffset(new DateTime(parsed.Years ?? 2000, parsed.Months ?? 1, parsed.Days ?? 1, 12, 0, 0, DateTimeKind.Unspecified)));
        if (isEnd && parsed.Precision <= Hl7.Fhir.ElementModel.Types.DateTimePrecision.Day)
        {
            instant = parsed.Precision switch
            {
                Hl7.Fhir.ElementModel.Types.DateTimePrecision.Year => instant.AddYears(1),
                Hl7.Fhir.ElementModel.Types.DateTimePrecision.Month => instant.AddMonths(1),
                _ => instant.AddDays(1),
            };
        }

        value = instant;
        return true;
    }
}
