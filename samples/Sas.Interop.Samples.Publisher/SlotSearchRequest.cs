using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The PS-individuel Slot search (digest §2.2) read from a query string, tolerant in the ways the IG asks
/// publishers to be: ids bare or prefixed, with or without system, stray spaces; dates with or without offset.
/// </summary>
internal sealed class SlotSearchRequest
{
    public const string IdentifierParameter = "schedule.actor:Practitioner.identifier";
    public const int MaxPractitioners = 25;

    private SlotSearchRequest(DateTimeOffset from, DateTimeOffset toExclusive, IReadOnlySet<Slot.SlotStatus>? statuses, IReadOnlyList<string> practitionerIds, bool includeSchedules, bool includeActors, int? count, int offset)
    {
        From = from;
        ToExclusive = toExclusive;
        Statuses = statuses;
        PractitionerIds = practitionerIds;
        IncludeSchedules = includeSchedules;
        IncludeActors = includeActors;
        Count = count;
        Offset = offset;
    }

    /// <summary>Slots starting at or after this instant match.</summary>
    public DateTimeOffset From { get; }

    /// <summary>Slots starting before this instant match (the <c>le</c> bound plus its precision).</summary>
    public DateTimeOffset ToExclusive { get; }

    /// <summary>Statuses asked; null when the search does not filter on status.</summary>
    public IReadOnlySet<Slot.SlotStatus>? Statuses { get; }

    /// <summary>Prefixed national ids asked; ids that cannot be one are left out (they match nothing).</summary>
    public IReadOnlyList<string> PractitionerIds { get; }

    public bool IncludeSchedules { get; }

    public bool IncludeActors { get; }

    public int? Count { get; }

    public int Offset { get; }

    public bool Matches(Slot slot) =>
        slot.Start is { } start && start >= From && start < ToExclusive
        && (Statuses is null || (slot.Status is { } status && Statuses.Contains(status)));

    public static bool TryParse(IQueryCollection query, TimeSpan defaultOffset, [NotNullWhen(true)] out SlotSearchRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!TryParseWindow(query["start"], defaultOffset, out var from, out var toExclusive, out error)
            || !TryParseStatuses(query["status"], out var statuses, out error)
            || !TryParseIdentifiers(query[IdentifierParameter], out var practitionerIds, out error)
            || !TryParseNonNegative(query, "_count", out var count, out error)
            || !TryParseNonNegative(query, "_offset", out var offset, out error))
        {
            return false;
        }

        var includes = query["_include"].Concat(query["_include:iterate"]).OfType<string>().ToList();
        request = new SlotSearchRequest(
            from,
            toExclusive,
            statuses,
            practitionerIds,
            includeSchedules: includes.Any(value => value.Trim() == "Slot:schedule"),
            includeActors: includes.Any(value => value.Trim().StartsWith("Schedule:actor", StringComparison.Ordinal)),
            count is 0 ? null : count,
            offset ?? 0);
        return true;
    }

    private static bool TryParseWindow(StringValues values, TimeSpan defaultOffset, out DateTimeOffset from, out DateTimeOffset toExclusive, [NotNullWhen(false)] out string? error)
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
                error = $"start: '{raw}' is not a FHIR date or dateTime.";
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
                    error = $"start: prefix '{prefix}' is not supported; the IG search uses start=ge… and start=le….";
                    return false;
            }
        }

        error = hasLower && hasUpper ? null : "start: both bounds are required (start=ge{from}&start=le{to}).";
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

    private static bool TryParseStatuses(StringValues values, out IReadOnlySet<Slot.SlotStatus>? statuses, [NotNullWhen(false)] out string? error)
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
                error = $"status: '{code}' is not a slot status (free, busy, busy-unavailable, busy-tentative, entered-in-error).";
                return false;
            }

            parsed.Add(status.Value);
        }

        statuses = parsed;
        return true;
    }

    private static bool TryParseIdentifiers(StringValues values, out IReadOnlyList<string> practitionerIds, [NotNullWhen(false)] out string? error)
    {
        practitionerIds = [];
        var tokens = values.OfType<string>().SelectMany(value => value.Split(',')).Select(token => token.Trim()).Where(token => token.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            error = $"{IdentifierParameter}: at least one practitioner national identifier is required.";
            return false;
        }

        if (tokens.Count > MaxPractitioners)
        {
            error = $"{IdentifierParameter}: {tokens.Count} identifiers given; the IG allows at most {MaxPractitioners} per search.";
            return false;
        }

        var ids = new List<string>();
        foreach (var token in tokens)
        {
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            var system = bar >= 0 ? token[..bar].Trim() : string.Empty;
            var value = bar >= 0 ? token[(bar + 1)..] : token;
            if ((system.Length == 0 || system == KnownIdentifierSystems.PractitionerNationalId)
                && NationalIdentifiers.TryNormalizePractitioner(value, out var normalized, out _))
            {
                ids.Add(normalized);
            }
        }

        practitionerIds = ids;
        error = null;
        return true;
    }

    private static bool TryParseNonNegative(IQueryCollection query, string name, out int? value, [NotNullWhen(false)] out string? error)
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
