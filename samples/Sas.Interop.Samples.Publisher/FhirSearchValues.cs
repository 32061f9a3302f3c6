using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// Parameter values shared by the Slot and Schedule searches (dates with FHIR precision, slot statuses, counts),
/// read as leniently as the IG asks publishers to be. Errors name the parameter as the client wrote it.
/// </summary>
internal static class FhirSearchValues
{
    public static bool TryParseWindow(string name, StringValues values, TimeSpan defaultOffset, out DateTimeOffset from, out DateTimeOffset toExclusive, [NotNullWhen(false)] out string? error)
    {
        from = DateTimeOffset.MinValue;
        toExclusive = DateTimeOffset.MaxValue;
        bool hasLower = false, hasUpper = false;
        foreach (var raw in values.OfType<string>())
        {
            // An unescaped '+' of an offset arrives as a space after form decoding.
            var value = raw.Trim().Replace(' ', '+');
            var prefix = value.Length >= 2 && char.IsAsciiLetterLower(value[0]) ? value[..2] : string.Empty;
            if (!TryParseFhirDateTime(value[prefix.Length..], defaultOffset, out var low, out var highExclusive))
            {
                error = $"{name}: '{raw}' is not a FHIR date or dateTime.";
                return false;
            }

            switch (prefix)
            {
                case "ge":
                    from = Max(from, low);
                    hasLower = true;
                    break;
                case "gt":
                    from = Max(from, highExclusive);
                    hasLower = true;
                    break;
                case "le":
                    toExclusive = Min(toExclusive, highExclusive);
                    hasUpper = true;
                    break;
                case "lt":
                    toExclusive = Min(toExclusive, low);
                    hasUpper = true;
                    break;
                default:
                    error = $"{name}: prefix '{prefix}' is not supported; the IG search uses {name}=ge… and {name}=le….";
                    return false;
            }
        }

        error = hasLower && hasUpper ? null : $"{name}: both bounds are required ({name}=ge{{from}}&{name}=le{{to}}).";
        return error is null;
    }

    /// <summary>The range a FHIR date/dateTime denotes at its precision: [low, highExclusive).</summary>
    private static bool TryParseFhirDateTime(string value, TimeSpan defaultOffset, out DateTimeOffset low, out DateTimeOffset highExclusive)
    {
        low = highExclusive = default;
        var styles = DateTimeStyles.AllowWhiteSpaces;
        if (DateTime.TryParseExact(value, "yyyy", CultureInfo.InvariantCulture, styles, out var year))
        {
            low = new DateTimeOffset(year, defaultOffset);
            highExclusive = low.AddYears(1);
            return true;
        }

        if (DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, styles, out var month))
        {
            low = new DateTimeOffset(month, defaultOffset);
            highExclusive = low.AddMonths(1);
            return true;
        }

        if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var day))
        {
            low = new DateTimeOffset(day, defaultOffset);
            highExclusive = low.AddDays(1);
            return true;
        }

        var timePart = value.IndexOf('T', StringComparison.Ordinal) is var t and >= 0 ? value[(t + 1)..] : null;
        if (timePart is null)
        {
            return false;
        }

        var hasOffset = timePart.EndsWith('Z') || timePart.Contains('+', StringComparison.Ordinal) || timePart.Contains('-', StringComparison.Ordinal);
        if (hasOffset)
        {
            if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out low))
            {
                return false;
            }
        }
        else if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            low = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), defaultOffset);
        }
        else
        {
            return false;
        }

        highExclusive = low + Precision(timePart);
        return true;
    }

    private static TimeSpan Precision(string timePart)
    {
        var clock = timePart.TrimEnd('Z').Split('+', '-')[0];
        var dot = clock.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var digits = clock.Length - dot - 1;
            return TimeSpan.FromTicks((long)Math.Pow(10, Math.Max(0, 7 - Math.Min(digits, 7))));
        }

        return clock.Count(c => c == ':') >= 2 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
    }

    public static bool TryParseStatuses(string name, StringValues values, out IReadOnlySet<Slot.SlotStatus>? statuses, [NotNullWhen(false)] out string? error)
    {
        statuses = null;
        error = null;
        var codes = values.OfType<string>().SelectMany(value => value.Split(',')).Select(code => code.Trim()).Where(code => code.Length > 0).ToList();
        if (codes.Count == 0)
        {
            return true;
        }

        var parsed = new HashSet<Slot.SlotStatus>();
        foreach (var code in codes)
        {
            var status = code switch
            {
                "free" => Slot.SlotStatus.Free,
                "busy" => Slot.SlotStatus.Busy,
                "busy-unavailable" => Slot.SlotStatus.BusyUnavailable,
                "busy-tentative" => Slot.SlotStatus.BusyTentative,
                "entered-in-error" => Slot.SlotStatus.EnteredInError,
                _ => (Slot.SlotStatus?)null,
            };
            if (status is null)
            {
                error = $"{name}: '{code}' is not a slot status (free, busy, busy-unavailable, busy-tentative, entered-in-error).";
                return false;
            }

            parsed.Add(status.Value);
        }

        statuses = parsed;
        return true;
    }

    public static bool TryParseNonNegative(IQueryCollection query, string name, out int? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var raw = query[name].LastOrDefault();
        if (raw is null)
        {
            return true;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{name}: '{raw}' is not a non-negative integer.";
        return false;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
