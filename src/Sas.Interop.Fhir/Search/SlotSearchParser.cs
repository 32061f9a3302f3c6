using Hl7.Fhir.Model;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Profiles;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using Names = Sas.Interop.Fhir.Search.SlotSearchParameterNames;

namespace Sas.Interop.Fhir.Search;

/// <summary>Parses the IG's PS-individuel Slot search into a <see cref="SlotSearchRequest"/>.</summary>
/// <remarks>
/// Strict on purpose: the SAS sends one fixed query, so anything else is a client bug worth reporting.
/// Every problem is collected and reported at once.
/// </remarks>
public sealed class SlotSearchParser
{
    /// <summary>Most practitioners one search may name (IG: 1..25).</summary>
    public const int MaxPractitioners = 25;

    /// <summary>Default and maximum number of slots returned (<c>_count</c>).</summary>
    public const int MaxSlots = 1000;

    /// <summary><c>hub-near</c> radius when none is given, in kilometres.</summary>
    public const double DefaultNearKilometres = 10;

    /// <summary>Largest <c>hub-near</c> radius, in kilometres: beyond it the answer is a region, not a neighbourhood.</summary>
    public const double MaxNearKilometres = 100;

    /// <summary>Most <c>specialty</c> codes one search may carry, all parameters together: each is a condition in SQL.</summary>
    public const int MaxSpecialtyCodes = 20;

    /// <summary>Specialty code systems the hub knows (digest §5.1: TRE_R38, and SNOMED CT some publishers send).</summary>
    public static IReadOnlyList<string> SpecialtySystems { get; } = [SasCodeSystems.SpecialiteOrdinale, SasCodeSystems.SnomedCt];

    private static readonly string[] JsonFormats = ["json", "application/json", "application/fhir+json", "application/json+fhir"];

    private readonly TimeSpan? maxWindow;

    public SlotSearchParser()
    {
    }

    /// <param name="maxWindow">Longest search window accepted between <c>start=ge</c> and <c>start=le</c>.</param>
    public SlotSearchParser(TimeSpan maxWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWindow, TimeSpan.Zero);
        this.maxWindow = maxWindow;
    }

    /// <summary>Parses and validates; throws <see cref="FhirRequestException"/> (400) listing every problem found.</summary>
    /// <remarks>Throws with status 406 when the only problem is a non-JSON <c>_format</c>.</remarks>
    public SlotSearchRequest Parse(IReadOnlyList<QueryParameter> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = new ParseState();
        foreach (var parameter in query)
        {
            switch (parameter.Name)
            {
                case Names.Start:
                    ReadStart(parameter.Value, state);
                    break;
                case Names.PractitionerIdentifier:
                    ReadPractitionerIdentifiers(parameter.Value, state);
                    break;
                case Names.Status:
                    ReadStatus(parameter.Value, state);
                    break;
                case Names.Include:
                    ReadInclude(parameter.Value, iterate: false, state);
                    break;
                case Names.IncludeIterate:
                    ReadInclude(parameter.Value, iterate: true, state);
                    break;
                case Names.Count:
                    ReadCount(parameter.Value, state);
                    break;
                case Names.Format:
                    ReadFormat(parameter.Value, state);
                    break;
                case Names.Pretty:
                    ReadPretty(parameter.Value, state);
                    break;
                case Names.ServiceType:
                    ReadServiceType(parameter.Value, state);
                    break;
                case Names.Security:
                    ReadSecurity(parameter.Value, state);
                    break;
                case Names.Near:
                    ReadNear(parameter.Value, state);
                    break;
                case Names.Specialty:
                    ReadSpecialty(parameter.Value, state);
                    break;
                case Names.Overbooked:
                    ReadOverbooked(parameter.Value, state);
                    break;
                case Names.Sort:
                    ReadSort(parameter.Value, state);
                    break;
                case Names.PractitionerCommunication:
                    ReadCommunication(parameter.Value, state);
                    break;
                default:
                    state.Fail(IssueType.NotSupported, parameter.Name, $"The parameter '{parameter.Name}' is not supported: the hub serves the SAS PS-individuel Slot search (start, schedule.actor:Practitioner.identifier, status, _include, _include:iterate, _count, _format, _pretty) specialty, schedule.actor:Practitioner.communication, and its own extensions (service-type, _security, hub-near, hub-overbooked, _sort=hub-open-now).");
                    break;
            }
        }

        CheckRequired(state);
        if (state.Issues.Count > 0)
        {
            // 406 only when the request is otherwise fine: a client with several mistakes needs the full list.
            var status = state.Issues.All(i => i.Code == IssueType.NotSupported && i.Expression == Names.Format) ? 406 : 400;
            throw new FhirRequestException(status, state.Issues);
        }

        return new SlotSearchRequest
        {
            Criteria = new SlotSearchCriteria(
                state.PractitionerIds,
                state.From!.Value,
                state.To!.Value,
                SlotStatus.Free,
                state.Count ?? MaxSlots,
                state.IncludeCptsServices ? SlotSearchFlow.Cpts : SlotSearchFlow.PsIndividual)
            {
                ModeFilters = state.ModeFilters,
                TypeFilters = state.TypeFilters,
                SpecialtyFilters = state.SpecialtyFilters,
                Near = state.Near,
                Overbooked = state.Overbooked,
                LanguageFilters = state.LanguageFilters,
            },
            IncludeSchedules = state.IncludeSchedules,
            IncludeScheduleActors = state.IncludeScheduleActors,
            IncludeCptsServices = state.IncludeCptsServices,

            // The IG's own CPTS examples return the CPTS Organization although their self link does not ask for it,
            // and the regulator needs its name and phone: with the services come their organisations.
            IncludeCptsOrganizations = state.IncludeCptsServices,
            Pretty = state.Pretty ?? false,
            SortOpenNowFirst = state.SortOpenNowFirst,
        };
    }

    // Only the hub's own key: the IG's order (start, or distance with hub-near) is otherwise fixed, and a sort the hub
    // would ignore must not look honoured.
    private static void ReadSort(string raw, ParseState state)
    {
        if (state.SortSeen)
        {
            state.Fail(IssueType.Value, Names.Sort, $"{Names.Sort} is given more than once.");
            return;
        }

        state.SortSeen = true;
        if (raw.Trim() != Names.SortOpenNow)
        {
            state.Fail(IssueType.NotSupported, Names.Sort, $"{Names.Sort}='{raw}': the only sort the hub offers is {Names.SortOpenNow} (places open at search time first, Paris time; then the usual order).");
            return;
        }

        state.SortOpenNowFirst = true;
    }

    internal static void ReadStart(string raw, ParseState state)
    {
        var value = raw.Trim();
        if (value.Contains(',', StringComparison.Ordinal))
        {
            state.Fail(IssueType.Value, state.StartName, $"{state.StartName}='{raw}': a list of dates is not allowed; send {state.StartName}=ge… and {state.StartName}=le… as two parameters.");
            return;
        }

        var prefix = value.Length >= 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]) ? value[..2] : string.Empty;
        if (prefix is not ("ge" or "gt" or "le" or "lt"))
        {
            var what = prefix.Length == 0 ? "has no prefix" : $"has the prefix '{prefix}'";
            state.Fail(IssueType.NotSupported, state.StartName, $"{state.StartName}='{raw}' {what}: the hub searches a window, send {state.StartName}=ge<from>&{state.StartName}=le<to>.");
            return;
        }

        if (!FhirSearchDates.TryParse(value[2..], out var error, out var range))
        {
            state.Fail(IssueType.Value, state.StartName, $"{state.StartName}='{raw}': {error}");
            return;
        }

        // gt/lt are strict bounds: one tick past the range the value covers.
        var isLower = prefix is "ge" or "gt";
        var bound = prefix switch
        {
            "ge" => range.Start,
            "gt" => range.End.AddTicks(1),
            "le" => range.End,
            _ => range.Start.AddTicks(-1),
        };

        if (isLower)
        {
            if (state.From is not null)
            {
                state.Fail(IssueType.Value, state.StartName, $"{state.StartName} has more than one lower bound (ge/gt): send exactly one.");
            }

            state.From ??= bound;
        }
        else
        {
            if (state.To is not null)
            {
                state.Fail(IssueType.Value, state.StartName, $"{state.StartName} has more than one upper bound (le/lt): send exactly one.");
            }

            state.To ??= bound;
        }
    }

    // A repeated parameter would mean AND, which cannot hold for one practitioner per schedule; the SAS only ever
    // means "these practitioners", so repeats are merged into one OR list.
    private static void ReadPractitionerIdentifiers(string raw, ParseState state)
    {
        state.PractitionerParameterSeen = true;
        ReadIdentifierTokens(raw, Names.PractitionerIdentifier, KnownIdentifierSystems.PractitionerNationalId, "national id of health professionals", NationalIdentifiers.TryNormalizePractitioner, state.PractitionerIds, state);
    }

    /// <summary>
    /// A comma-separated OR list of <c>system|value</c> or bare values (tokens trimmed: the IG's own example has a
    /// space after a comma), each normalised, added once to <paramref name="into"/>; every bad token is reported.
    /// </summary>
    internal static void ReadIdentifierTokens(string raw, string parameter, string expectedSystem, string systemMeaning, IdentifierNormalizer normalize, List<string> into, ParseState state)
    {
        foreach (var token in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (token.Length == 0)
            {
                state.Fail(IssueType.Value, parameter, $"{parameter}='{raw}' contains an empty identifier.");
                continue;
            }

            var bar = token.IndexOf('|', StringComparison.Ordinal);
            var value = token;
            if (bar >= 0)
            {
                var system = token[..bar].Trim();
                value = token[(bar + 1)..].Trim();
                if (system != expectedSystem)
                {
                    state.Fail(IssueType.Value, parameter, $"'{token}': the identifier system must be {expectedSystem} ({systemMeaning}).");
                    continue;
                }
            }

            if (!normalize(value, out var normalized, out var error))
            {
                state.Fail(IssueType.Value, parameter, $"'{token}': {error}");
                continue;
            }

            if (!into.Contains(normalized!, StringComparer.Ordinal))
            {
                into.Add(normalized!);
            }
        }
    }

    internal static void ReadStatus(string raw, ParseState state)
    {
        foreach (var code in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            if (code == "free")
            {
                continue;
            }

            if (Hl7.Fhir.Utility.EnumUtility.ParseLiteral<Slot.SlotStatus>(code) is not null)
            {
                state.Fail(IssueType.NotSupported, state.StatusName, $"{state.StatusName}='{code}': the hub serves free slots only ({state.StatusName}=free).");
            }
            else
            {
                state.Fail(IssueType.Value, state.StatusName, $"{state.StatusName}='{code}' is not a slot status; the hub serves free slots only ({state.StatusName}=free).");
            }
        }
    }

    private static void ReadInclude(string raw, bool iterate, ParseState state)
    {
        var name = iterate ? Names.IncludeIterate : Names.Include;
        switch (raw.Trim())
        {
            case Names.IncludeSlotSchedule when !iterate:
                state.IncludeSchedules = true;
                break;
            case Names.IncludeScheduleActor:
            case Names.IncludeScheduleActorPractitioner:
            case Names.IncludeScheduleActorPractitionerRole:
                // Both actors are always returned: a Schedule is only usable with its Practitioner and PractitionerRole.
                state.IncludeScheduleActors = true;
                break;
            case Names.IncludeSlotServiceTypeReference when !iterate:
                state.IncludeCptsServices = true;
                break;
            case Names.IncludeHealthcareServiceOrganization:
                state.IncludeCptsOrganizations = true;
                break;
            default:
                var allowed = iterate
                    ? $"{Names.IncludeScheduleActor}, {Names.IncludeHealthcareServiceOrganization}"
                    : $"{Names.IncludeSlotSchedule}, {Names.IncludeScheduleActor}, {Names.IncludeSlotServiceTypeReference}, {Names.IncludeHealthcareServiceOrganization}";
                state.Fail(IssueType.NotSupported, name, $"{name}='{raw}' is not supported; allowed: {allowed}.");
                break;
        }
    }

    internal static void ReadCount(string raw, ParseState state)
    {
        if (state.Count is not null)
        {
            state.Fail(IssueType.Value, Names.Count, "_count is given more than once.");
            return;
        }

        if (!int.TryParse(raw.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            state.Fail(IssueType.Value, Names.Count, $"_count='{raw}' is not a positive integer.");
            return;
        }

        // A larger _count is not an error: FHIR lets a server return fewer results than asked.
        state.Count = Math.Min(count, MaxSlots);
    }

    internal static void ReadFormat(string raw, ParseState state)
    {
        // Drop MIME parameters (";fhirVersion=4.0") and undo the '+' that URL decoding turned into a space.
        var format = raw.Split(';')[0].Trim().Replace(' ', '+').ToLowerInvariant();
        if (!JsonFormats.Contains(format, StringComparer.Ordinal))
        {
            state.Fail(IssueType.NotSupported, Names.Format, $"_format='{raw}' is not supported: the hub answers in FHIR JSON only (application/fhir+json).");
        }
    }

    /// <summary><c>service-type=AMB,VR</c> (or <c>system|code</c>): the consultation modes, as the IG codes them in Slot.serviceType.</summary>
    internal static void ReadServiceType(string raw, ParseState state)
    {
        var modes = ReadTokens(raw, Names.ServiceType, SasCodeSystems.ActCode, "the v3-ActCode consultation types AMB, HH, VR", state, code => code switch
        {
            "AMB" => (int)ConsultationModes.Ambulatory,
            "HH" => (int)ConsultationModes.HomeVisit,
            "VR" => (int)ConsultationModes.Virtual,
            _ => 0,
        });
        if (modes != 0)
        {
            state.ModeFilters.Add((ConsultationModes)modes);
        }
    }

    /// <summary><c>_security=SNP,PUBLIC</c> (or <c>system|code</c>): the slot types, as the IG codes them in Slot.meta.security (TRE_R314).</summary>
    internal static void ReadSecurity(string raw, ParseState state)
    {
        var types = ReadTokens(raw, Names.Security, SasCodeSystems.SlotType, "the TRE_R314 slot types PUBLIC, PRO, SNP, CPTS", state, code => code switch
        {
            "PUBLIC" => (int)SlotTypes.Public,
            "PRO" => (int)SlotTypes.Pro,
            "SNP" => (int)SlotTypes.Snp,
            "CPTS" => (int)SlotTypes.Cpts,
            _ => 0,
        });
        if (types != 0)
        {
            state.TypeFilters.Add((SlotTypes)types);
        }
    }

    /// <summary>A comma-separated OR list of token codes (bare or <c>system|code</c>) folded into one flag mask; 0 when any token is wrong.</summary>
    private static int ReadTokens(string raw, string parameter, string system, string meaning, ParseState state, Func<string, int> flagOf)
    {
        var mask = 0;
        var failed = false;
        foreach (var token in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            var (tokenSystem, code) = SplitToken(token);
            if (tokenSystem is not null && tokenSystem != system)
            {
                state.Fail(IssueType.Value, parameter, $"{parameter}='{token}': the system must be {system} ({meaning}), or give the code alone.");
                failed = true;
                continue;
            }

            var flag = code.Length == 0 ? 0 : flagOf(code);
            if (flag == 0)
            {
                state.Fail(IssueType.Value, parameter, $"{parameter}='{token}' is not one of {meaning} (codes are case-sensitive).");
                failed = true;
                continue;
            }

            mask |= flag;
        }

        return failed ? 0 : mask;
    }

    /// <summary>
    /// <c>specialty=SM54,SM05</c> (or <c>system|code</c>): the same token syntax as <c>service-type</c>. The system must
    /// be one the hub knows; the code is not checked against the value set (the hub holds no copy of TRE_R38): an
    /// unknown code is a valid question whose answer is empty.
    /// </summary>
    private static void ReadSpecialty(string raw, ParseState state)
    {
        var tokens = new List<SpecialtyToken>();
        var failed = false;
        foreach (var token in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            var (system, code) = SplitToken(token);
            if (system is not null && !SpecialtySystems.Contains(system, StringComparer.Ordinal))
            {
                var what = system.Length == 0 ? "a specialty without a system cannot be asked for" : $"the system '{system}' is not a specialty system the hub knows";
                state.Fail(IssueType.Value, Names.Specialty, $"{Names.Specialty}='{token}': {what}; use {string.Join(" or ", SpecialtySystems)}, or give the code alone.");
                failed = true;
                continue;
            }

            if (!IsFhirCode(code))
            {
                state.Fail(IssueType.Value, Names.Specialty, $"{Names.Specialty}='{token}': '{code}' is not a code (a TRE_R38 code such as SM54, bare or system|code).");
                failed = true;
                continue;
            }

            var parsed = new SpecialtyToken(system, code);
            if (!tokens.Contains(parsed))
            {
                tokens.Add(parsed);
            }
        }

        state.SpecialtyCodeCount += tokens.Count;
        if (state.SpecialtyCodeCount > MaxSpecialtyCodes && !state.SpecialtyTooMany)
        {
            state.SpecialtyTooMany = true;
            state.Fail(IssueType.TooCostly, Names.Specialty, $"More than {MaxSpecialtyCodes} specialty codes in one search.");
        }

        if (!failed)
        {
            state.SpecialtyFilters.Add(tokens);
        }
    }

    /// <summary>
    /// <c>schedule.actor:Practitioner.communication=en,es</c> (or <c>urn:ietf:bcp:47|en</c>): the tags are read as the
    /// publishers' are (case normalised), so <c>EN</c> and <c>en</c> ask the same; a comma means OR. Counted with the
    /// specialty codes: each is a condition in SQL.
    /// </summary>
    private static void ReadCommunication(string raw, ParseState state)
    {
        const string name = Names.PractitionerCommunication;
        var tags = new List<string>();
        var failed = false;
        foreach (var token in raw.Split(',', StringSplitOptions.TrimEntries))
        {
            var (system, code) = SplitToken(token);
            if (system is not null && system != Elements.PractitionerLanguages.Bcp47System)
            {
                state.Fail(IssueType.Value, name, $"{name}='{token}': the system '{system}' is not {Elements.PractitionerLanguages.Bcp47System}; use it, or give the language tag alone.");
                failed = true;
                continue;
            }

            if (Elements.PractitionerLanguages.Normalize(code) is not { } tag || code.Contains('_', StringComparison.Ordinal))
            {
                state.Fail(IssueType.Value, name, $"{name}='{token}': '{code}' is not a BCP-47 language tag (such as fr, en, pt-BR).");
                failed = true;
                continue;
            }

            if (!tags.Contains(tag, StringComparer.Ordinal))
            {
                tags.Add(tag);
            }
        }

        state.SpecialtyCodeCount += tags.Count;
        if (state.SpecialtyCodeCount > MaxSpecialtyCodes && !state.SpecialtyTooMany)
        {
            state.SpecialtyTooMany = true;
            state.Fail(IssueType.TooCostly, name, $"More than {MaxSpecialtyCodes} specialty and language codes in one search.");
        }

        if (!failed)
        {
            state.LanguageFilters.Add(tags);
        }
    }

    /// <summary>A token's <c>system|code</c> parts; the system is null when the code comes alone.</summary>
    private static (string? System, string Code) SplitToken(string token)
    {
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        return bar >= 0 ? (token[..bar], token[(bar + 1)..]) : (null, token);
    }

    /// <summary>The FHIR <c>code</c> type: no leading, trailing or doubled whitespace, not empty; short, as a code is.</summary>
    private static bool IsFhirCode(string code) =>
        code.Length is > 0 and <= 64
        && !char.IsWhiteSpace(code[0]) && !char.IsWhiteSpace(code[^1])
        && !code.Contains("  ", StringComparison.Ordinal)
        && !code.Any(c => char.IsControl(c) || (char.IsWhiteSpace(c) && c != ' '));

    /// <summary><c>hub-near=lat|lon|distance|unit</c>, FHIR R4 Location <c>near</c> syntax; distance defaults to 10 km, unit to km.</summary>
    private static void ReadNear(string raw, ParseState state)
    {
        const string Syntax = "expected latitude|longitude|distance|unit in decimal degrees (WGS 84), e.g. 44.2|0.62|15|km; distance and unit (km or m) are optional";
        if (state.NearSeen)
        {
            state.Fail(IssueType.Value, Names.Near, $"{Names.Near} is given more than once.");
            return;
        }

        state.NearSeen = true;
        var parts = raw.Split('|', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 4)
        {
            state.Fail(IssueType.Value, Names.Near, $"{Names.Near}='{raw}': {Syntax}.");
            return;
        }

        var ok = true;
        if (!TryParseDecimal(parts[0], out var latitude) || latitude is < -90 or > 90)
        {
            state.Fail(IssueType.Value, Names.Near, $"{Names.Near}='{raw}': the latitude '{parts[0]}' is not a number from -90 to 90; {Syntax}.");
            ok = false;
        }

        if (!TryParseDecimal(parts[1], out var longitude) || longitude is < -180 or > 180)
        {
            state.Fail(IssueType.Value, Names.Near, $"{Names.Near}='{raw}': the longitude '{parts[1]}' is not a number from -180 to 180; {Syntax}.");
            ok = false;
        }

        var unit = parts.Length == 4 && parts[3].Length > 0 ? parts[3] : "km";
        var metresPerUnit = unit switch
        {
            "km" => 1000.0,
            "m" => 1.0,
            _ => double.NaN,
        };
        if (double.IsNaN(metresPerUnit))
        {
            state.Fail(IssueType.NotSupported, Names.Near, $"{Names.Near}='{raw}': the unit '{unit}' is not supported; use km or m (UCUM).");
            ok = false;
        }

        var distance = DefaultNearKilometres * 1000;
        if (parts.Length >= 3 && parts[2].Length > 0)
        {
            if (!TryParseDecimal(parts[2], out var given) || given <= 0)
            {
                state.Fail(IssueType.Value, Names.Near, $"{Names.Near}='{raw}': the distance '{parts[2]}' is not a positive number.");
                ok = false;
            }
            else if (!double.IsNaN(metresPerUnit))
            {
                distance = given * metresPerUnit;
                if (distance > MaxNearKilometres * 1000)
                {
                    state.Fail(IssueType.TooCostly, Names.Near, $"{Names.Near}='{raw}': the distance is more than the {MaxNearKilometres} km the hub searches around a point.");
                    ok = false;
                }
            }
        }

        if (ok)
        {
            state.Near = new GeoCircle(new GeoPoint(latitude, longitude), distance);
        }
    }

    private static bool TryParseDecimal(string text, out double value) =>
        double.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);

    /// <summary>
    /// <c>hub-overbooked=true|false</c>: only overbooking slots, or none of them (FHIR token syntax for a boolean).
    /// Given twice, even with the same value, is refused: an AND of true and false would answer nothing, silently.
    /// </summary>
    internal static void ReadOverbooked(string raw, ParseState state)
    {
        if (state.Overbooked is not null || state.OverbookedRefused)
        {
            state.Fail(IssueType.Value, Names.Overbooked, $"{Names.Overbooked} is given more than once.");
            return;
        }

        switch (raw.Trim())
        {
            case "true":
                state.Overbooked = true;
                break;
            case "false":
                state.Overbooked = false;
                break;
            default:
                state.OverbookedRefused = true;
                state.Fail(IssueType.Value, Names.Overbooked, $"{Names.Overbooked}='{raw}' must be true (only overbooking slots) or false (no overbooking slot).");
                break;
        }
    }

    internal static void ReadPretty(string raw, ParseState state)
    {
        switch (raw.Trim())
        {
            case "true":
                state.Pretty = true;
                break;
            case "false":
                state.Pretty = false;
                break;
            default:
                state.Fail(IssueType.Value, Names.Pretty, $"_pretty='{raw}' must be true or false.");
                break;
        }
    }

    private void CheckRequired(ParseState state)
    {
        CheckWindow(state, maxWindow);

        if (!state.PractitionerParameterSeen && !state.NearSeen)
        {
            state.Fail(IssueType.Required, Names.PractitionerIdentifier, $"{Names.PractitionerIdentifier} (1 to {MaxPractitioners} practitioner national ids) is required, unless {Names.Near} asks for every practitioner around a point.");
        }
        else if (state.PractitionerIds.Count > MaxPractitioners)
        {
            state.Fail(IssueType.TooCostly, Names.PractitionerIdentifier, $"{state.PractitionerIds.Count} practitioners asked; at most {MaxPractitioners} per search.");
        }
    }

    internal static void CheckWindow(ParseState state, TimeSpan? maxWindow)
    {
        if (state.From is null)
        {
            state.Fail(IssueType.Required, state.StartName, $"{state.StartName}=ge<date> (start of the search window) is required.");
        }

        if (state.To is null)
        {
            state.Fail(IssueType.Required, state.StartName, $"{state.StartName}=le<date> (end of the search window) is required.");
        }

        if (state.From is { } from && state.To is { } to)
        {
            if (to < from)
            {
                state.Fail(IssueType.Value, state.StartName, $"The search window ends ({to:O}) before it starts ({from:O}).");
            }
            else if (maxWindow is { } max && to - from > max)
            {
                state.Fail(IssueType.TooCostly, state.StartName, $"The search window ({to - from}) is longer than the {max} the hub accepts.");
            }
        }
    }

    /// <summary>What has been read so far; shared with the SOS Schedule search, which names its parameters differently.</summary>
    internal sealed class ParseState
    {
        /// <summary>Wire name of the slot-start parameter, used in messages.</summary>
        public string StartName { get; init; } = Names.Start;

        /// <summary>Wire name of the slot-status parameter, used in messages.</summary>
        public string StatusName { get; init; } = Names.Status;

        public List<FhirIssue> Issues { get; } = [];

        public List<string> PractitionerIds { get; } = [];

        public bool PractitionerParameterSeen { get; set; }

        public DateTimeOffset? From { get; set; }

        public DateTimeOffset? To { get; set; }

        public int? Count { get; set; }

        public bool? Pretty { get; set; }

        public bool IncludeSchedules { get; set; }

        public bool IncludeScheduleActors { get; set; }

        public bool IncludeCptsServices { get; set; }

        public bool IncludeCptsOrganizations { get; set; }

        public List<ConsultationModes> ModeFilters { get; } = [];

        public List<SlotTypes> TypeFilters { get; } = [];

        public List<IReadOnlyList<SpecialtyToken>> SpecialtyFilters { get; } = [];

        public int SpecialtyCodeCount { get; set; }

        public bool SpecialtyTooMany { get; set; }

        public bool NearSeen { get; set; }

        public GeoCircle? Near { get; set; }

        /// <summary><c>hub-overbooked</c>: null when not asked.</summary>
        public bool? Overbooked { get; set; }

        public bool OverbookedRefused { get; set; }
        public bool SortSeen { get; set; }

        public bool SortOpenNowFirst { get; set; }

        public List<IReadOnlyList<string>> LanguageFilters { get; } = [];

        public void Fail(IssueType code, string parameter, string message) =>
            Issues.Add(new FhirIssue(OperationOutcome.IssueSeverity.Error, code, message, parameter));
    }
}
