using Sas.Interop.Core.Identifiers;
using Sas.Interop.Fhir.Outcomes;
using Sas.Interop.Fhir.Search;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;

namespace Sas.Interop.Fhir.Availability;

/// <summary>Parses <c>GET /fhir/Slot/$availability</c>; strict like the Slot search, every problem reported at once.</summary>
public sealed class AvailabilityRequestParser
{
    public const string PractitionerIdentifier = "schedule.actor:Practitioner.identifier";
    public const string FromName = "from";
    public const string ServiceTypeName = "service-type";
    public const string SecurityName = "_security";
    public const string OverbookedName = "hub-overbooked";

    public AvailabilityRequest Parse(IReadOnlyList<QueryParameter> query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = new SlotSearchParser.ParseState();
        var ids = new List<string>();
        DateTimeOffset? from = null;
        var fromSeen = false;
        foreach (var parameter in query)
        {
            switch (parameter.Name)
            {
                case PractitionerIdentifier:
                    state.PractitionerParameterSeen = true;
                    SlotSearchParser.ReadIdentifierTokens(parameter.Value, PractitionerIdentifier, KnownIdentifierSystems.PractitionerNationalId, "national id of health professionals", NationalIdentifiers.TryNormalizePractitioner, ids, state);
                    break;
                case FromName when fromSeen:
                    state.Fail(IssueType.Value, FromName, "from is given more than once.");
                    break;
                case FromName:
                    fromSeen = true;
                    from = ReadFrom(parameter.Value, state);
                    break;
                case ServiceTypeName:
                    SlotSearchParser.ReadServiceType(parameter.Value, state);
                    break;
                case SecurityName:
                    SlotSearchParser.ReadSecurity(parameter.Value, state);
                    break;
                case OverbookedName:
                    SlotSearchParser.ReadOverbooked(parameter.Value, state);
                    break;
                case "_format":
                    SlotSearchParser.ReadFormat(parameter.Value, state);
                    break;
                case "_pretty":
                    SlotSearchParser.ReadPretty(parameter.Value, state);
                    break;
                default:
                    state.Fail(IssueType.NotSupported, parameter.Name, $"The parameter '{parameter.Name}' is not supported by $availability (allowed: {PractitionerIdentifier}, {FromName}, {ServiceTypeName}, {SecurityName}, {OverbookedName}, _format, _pretty).");
                    break;
            }
        }

        if (!state.PractitionerParameterSeen)
        {
            state.Fail(IssueType.Required, PractitionerIdentifier, $"{PractitionerIdentifier} (1 to {SlotSearchParser.MaxPractitioners} practitioner national ids) is required.");
        }
        else if (ids.Count > SlotSearchParser.MaxPractitioners)
        {
            state.Fail(IssueType.TooCostly, PractitionerIdentifier, $"{ids.Count} practitioners asked; at most {SlotSearchParser.MaxPractitioners} per request.");
        }

        if (state.Issues.Count > 0)
        {
            // As in the Slot search: 406 only when a non-JSON _format is the sole problem.
            var status = state.Issues.All(i => i.Code == IssueType.NotSupported && i.Expression == "_format") ? 406 : 400;
            throw new FhirRequestException(status, state.Issues);
        }

        return new AvailabilityRequest
        {
            PractitionerNationalIds = ids,
            From = from ?? now,
            ModeFilters = state.ModeFilters,
            TypeFilters = state.TypeFilters,
            Overbooked = state.Overbooked,
            Pretty = state.Pretty ?? false,
        };
    }

    private static DateTimeOffset? ReadFrom(string raw, SlotSearchParser.ParseState state)
    {
        var value = raw.Trim();
        if (value.Length >= 2 && char.IsAsciiLetterLower(value[0]) && char.IsAsciiLetterLower(value[1]))
        {
            state.Fail(IssueType.Value, FromName, $"from='{raw}': an instant without a search prefix is expected (e.g. 2026-11-24T14:00:00+01:00).");
            return null;
        }

        if (!FhirSearchDates.TryParse(value, out var error, out var range))
        {
            state.Fail(IssueType.Value, FromName, $"from='{raw}': {error}");
            return null;
        }

        return range.Start;
    }
}
