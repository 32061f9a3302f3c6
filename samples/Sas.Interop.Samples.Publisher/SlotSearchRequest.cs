using System.Diagnostics.CodeAnalysis;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The PS-individuel Slot search (digest §2.2), with the CPTS includes of INT_R04 (§2.3), read from a query string, tolerant in the ways the IG asks
/// publishers to be: ids bare or prefixed, with or without system, stray spaces; dates with or without offset.
/// </summary>
internal sealed class SlotSearchRequest
{
    public const string IdentifierParameter = "schedule.actor:Practitioner.identifier";
    public const int MaxPractitioners = 25;

    private SlotSearchRequest(DateTimeOffset from, DateTimeOffset toExclusive, IReadOnlySet<Slot.SlotStatus>? statuses, IReadOnlyList<string> practitionerIds, bool includeSchedules, bool includeActors, bool includeServiceTypeReferences, bool includeServiceOrganizations, int? count, int offset)
    {
        From = from;
        ToExclusive = toExclusive;
        Statuses = statuses;
        PractitionerIds = practitionerIds;
        IncludeSchedules = includeSchedules;
        IncludeActors = includeActors;
        IncludeServiceTypeReferences = includeServiceTypeReferences;
        IncludeServiceOrganizations = includeServiceOrganizations;
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

    /// <summary><c>_include=Slot:service-type-reference</c>: the CPTS HealthcareServices of each slot (INT_R04).</summary>
    public bool IncludeServiceTypeReferences { get; }

    /// <summary><c>_include:iterate=HealthcareService:organization</c>: the CPTS Organization of each HealthcareService.</summary>
    public bool IncludeServiceOrganizations { get; }

    public int? Count { get; }

    public int Offset { get; }

    public bool Matches(Slot slot) =>
        slot.Start is { } start && start >= From && start < ToExclusive
        && (Statuses is null || (slot.Status is { } status && Statuses.Contains(status)));

    public static bool TryParse(IQueryCollection query, TimeSpan defaultOffset, [NotNullWhen(true)] out SlotSearchRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!FhirSearchValues.TryParseWindow("start", query["start"], defaultOffset, out var from, out var toExclusive, out error)
            || !FhirSearchValues.TryParseStatuses("status", query["status"], out var statuses, out error)
            || !TryParseIdentifiers(query[IdentifierParameter], out var practitionerIds, out error)
            || !FhirSearchValues.TryParseNonNegative(query, "_count", out var count, out error)
            || !FhirSearchValues.TryParseNonNegative(query, "_offset", out var offset, out error))
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
            includeServiceTypeReferences: includes.Any(value => value.Trim() == "Slot:service-type-reference"),
            includeServiceOrganizations: includes.Any(value => value.Trim() == "HealthcareService:organization"),
            count is 0 ? null : count,
            offset ?? 0);
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
}
