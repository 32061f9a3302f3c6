using System.Diagnostics.CodeAnalysis;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The SOS Médecins Schedule search (digest §2.4) read from a query string. Lenient where the IG asks publishers
/// to be (SIRET bare or prefixed, system optional, stray spaces, '|' escaped or not), strict on everything else: a
/// parameter or include it does not know is a 400, as a wrong search must not look like "no availability".
/// </summary>
internal sealed class ScheduleSearchRequest
{
    public const string IdentifierParameter = "actor:Location.organization.identifier";
    public const string StartParameter = "_has:Slot:schedule:start";
    public const string StatusParameter = "_has:Slot:schedule:status";
    public const int MaxOrganizations = 25;

    private const string SlotsRevInclude = "Slot:schedule";
    private const string LocationsInclude = "Schedule:actor:Location";
    private const string OrganizationsInclude = "Location:organization";

    private static readonly HashSet<string> KnownParameters = new(StringComparer.Ordinal)
    {
        "_revinclude", "_include", "_include:iterate", StartParameter, StatusParameter, IdentifierParameter, "_count", "_offset", "_format",
    };

    private ScheduleSearchRequest(DateTimeOffset from, DateTimeOffset toExclusive, IReadOnlySet<Slot.SlotStatus>? statuses, IReadOnlyList<string> organizationIds, bool includeSlots, bool includeLocations, bool includeOrganizations, int? count, int offset)
    {
        From = from;
        ToExclusive = toExclusive;
        Statuses = statuses;
        OrganizationIds = organizationIds;
        IncludeSlots = includeSlots;
        IncludeLocations = includeLocations;
        IncludeOrganizations = includeOrganizations;
        Count = count;
        Offset = offset;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset ToExclusive { get; }

    /// <summary>Slot statuses asked through <c>_has</c>; null when the search does not filter on status.</summary>
    public IReadOnlySet<Slot.SlotStatus>? Statuses { get; }

    /// <summary>Prefixed SIRETs (<c>3</c>+14 digits) asked, in request order, without duplicates.</summary>
    public IReadOnlyList<string> OrganizationIds { get; }

    /// <summary><c>_revinclude=Slot:schedule</c>.</summary>
    public bool IncludeSlots { get; }

    /// <summary><c>_include=Schedule:actor:Location</c>.</summary>
    public bool IncludeLocations { get; }

    /// <summary><c>_include:iterate=Location:organization</c>.</summary>
    public bool IncludeOrganizations { get; }

    public int? Count { get; }

    public int Offset { get; }

    /// <summary>A slot that makes its Schedule match (<c>_has</c>) and that is included with it.</summary>
    public bool Matches(Slot slot) =>
        slot.Start is { } start && start >= From && start < ToExclusive
        && (Statuses is null || (slot.Status is { } status && Statuses.Contains(status)));

    /// <summary>Reads the search; on failure lists every problem, one line each.</summary>
    public static bool TryParse(IQueryCollection query, TimeSpan defaultOffset, [NotNullWhen(true)] out ScheduleSearchRequest? request, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        foreach (var name in query.Keys.Where(name => !KnownParameters.Contains(name)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{name}: unknown parameter; the SOS Médecins search takes {string.Join(", ", KnownParameters)}.");
        }

        if (!FhirSearchValues.TryParseWindow(StartParameter, query[StartParameter], defaultOffset, out var from, out var toExclusive, out var windowError))
        {
            problems.Add(windowError);
        }

        if (!FhirSearchValues.TryParseStatuses(StatusParameter, query[StatusParameter], out var statuses, out var statusError))
        {
            problems.Add(statusError);
        }

        var organizationIds = ReadOrganizations(query[IdentifierParameter], problems);
        var includeSlots = ReadIncludes("_revinclude", query["_revinclude"], [SlotsRevInclude], problems).Count > 0;
        var includes = ReadIncludes("_include", query["_include"], [LocationsInclude, OrganizationsInclude], problems)
            .Concat(ReadIncludes("_include:iterate", query["_include:iterate"], [LocationsInclude, OrganizationsInclude], problems))
            .ToHashSet(StringComparer.Ordinal);

        int? count = null, offset = null;
        if (!FhirSearchValues.TryParseNonNegative(query, "_count", out count, out var countError))
        {
            problems.Add(countError);
        }

        if (!FhirSearchValues.TryParseNonNegative(query, "_offset", out offset, out var offsetError))
        {
            problems.Add(offsetError);
        }

        errors = problems;
        request = problems.Count > 0
            ? null
            : new ScheduleSearchRequest(from, toExclusive, statuses, organizationIds, includeSlots, includes.Contains(LocationsInclude), includes.Contains(OrganizationsInclude), count is 0 ? null : count, offset ?? 0);
        return request is not null;
    }

    private static List<string> ReadOrganizations(StringValues values, List<string> problems)
    {
        var tokens = values.OfType<string>().SelectMany(value => value.Split(',')).Select(token => token.Trim()).Where(token => token.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            problems.Add($"{IdentifierParameter}: at least one SOS Médecins association SIRET is required (urn:oid:1.2.250.1.71.4.2.2|3<SIRET>).");
            return [];
        }

        if (tokens.Count > MaxOrganizations)
        {
            problems.Add($"{IdentifierParameter}: {tokens.Count} identifiers given; the IG allows at most {MaxOrganizations} per search.");
        }

        var ids = new List<string>();
        foreach (var token in tokens)
        {
            var bar = token.IndexOf('|', StringComparison.Ordinal);
            var system = bar >= 0 ? token[..bar].Trim() : string.Empty;
            var value = bar >= 0 ? token[(bar + 1)..] : token;
            if (system.Length > 0 && system != KnownIdentifierSystems.StructureNationalId)
            {
                problems.Add($"{IdentifierParameter}: '{token}' has system '{system}'; SOS associations are identified in {KnownIdentifierSystems.StructureNationalId}.");
            }
            else if (!NationalIdentifiers.TryNormalizeFinessOrSiret(value, out var siret, out _))
            {
                problems.Add($"{IdentifierParameter}: '{token}' is not a SIRET: expected urn:oid:1.2.250.1.71.4.2.2|3 followed by 14 digits (the system and the '3' prefix may be left out; a structure agenda's FINESS, 1 followed by 9 characters, too).");
            }
            else if (!ids.Contains(siret, StringComparer.Ordinal))
            {
                ids.Add(siret);
            }
        }

        return ids;
    }

    /// <summary>The known include values asked; unknown ones are reported.</summary>
    private static List<string> ReadIncludes(string name, StringValues values, string[] known, List<string> problems)
    {
        var found = new List<string>();
        foreach (var value in values.OfType<string>().Select(value => value.Trim()))
        {
            // The IG's own bullet writes Location:Organization (digest §10 trap 12): accept either case.
            var match = known.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                problems.Add($"{name}: '{value}' is not supported; the SOS Médecins search uses {string.Join(", ", known)}.");
            }
            else
            {
                found.Add(match);
            }
        }

        return found;
    }
}
