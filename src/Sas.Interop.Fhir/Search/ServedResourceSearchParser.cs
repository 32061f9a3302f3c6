using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using ParseState = Sas.Interop.Fhir.Search.SlotSearchParser.ParseState;

namespace Sas.Interop.Fhir.Search;

/// <summary>
/// Parses the searches the IG's SAS-GestionnaireAgenda CapabilityStatements declare on the targets of their chains:
/// <c>Practitioner?identifier=</c>, <c>Schedule?actor=</c>, <c>Location?organization=</c>, <c>Organization?identifier=</c>.
/// Identifiers as in the slot searches (<c>system|value</c> or bare, comma = OR, normalised); references
/// <c>Type/id</c> or a bare hub id. <c>_count</c>, <c>_format</c>, <c>_pretty</c> as in the Slot search; every problem reported at once.
/// </summary>
public sealed class ServedResourceSearchParser
{
    /// <summary>Most values one search may name, as the IG's slot searches (1..25).</summary>
    public const int MaxValues = 25;

    public const string Identifier = "identifier";
    public const string Actor = "actor";
    public const string ActorPractitionerIdentifier = "actor:Practitioner.identifier";
    public const string Organization = "organization";

    /// <summary>The actor types a Schedule answer carries (PS/CPTS: Practitioner, PractitionerRole; SOS: Location).</summary>
    private static readonly string[] ActorTypes = ["Practitioner", "PractitionerRole", "Location"];

    /// <summary>Is this <c>GET /fhir/Schedule</c> the search by actor rather than the SOS search: an actor, and no <c>_has</c>.</summary>
    public static bool IsScheduleByActor(IReadOnlyList<QueryParameter> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return !query.Any(p => p.Name.StartsWith("_has:", StringComparison.Ordinal))
            && query.Any(p => p.Name == Actor || p.Name == ActorPractitionerIdentifier || ActorTypes.Any(t => p.Name == $"{Actor}:{t}"));
    }

    public ServedResourceSearchRequest ParsePractitioner(IReadOnlyList<QueryParameter> query) =>
        Parse(query, "Practitioner", (parameter, values, state) => parameter.Name == Identifier && ReadIdentifiers(parameter, KnownIdentifierSystems.PractitionerNationalId, "national id of health professionals", NationalIdentifiers.TryNormalizePractitioner, values, state)
            ? ServedResourceSearchKey.NationalId : null, [Identifier]);

    public ServedResourceSearchRequest ParseOrganization(IReadOnlyList<QueryParameter> query) =>
        Parse(query, "Organization", (parameter, values, state) => parameter.Name == Identifier && ReadIdentifiers(parameter, KnownIdentifierSystems.StructureNationalId, "national id of structures: 1+FINESS, 3+SIRET", NationalIdentifiers.TryNormalizeStructure, values, state)
            ? ServedResourceSearchKey.NationalId : null, [Identifier]);

    public ServedResourceSearchRequest ParseLocation(IReadOnlyList<QueryParameter> query) =>
        Parse(query, "Location", (parameter, values, state) => ReadReferences(parameter, Organization, ["Organization"], values, state)
            ? ServedResourceSearchKey.Reference : null, [Organization]);

    public ServedResourceSearchRequest ParseSchedule(IReadOnlyList<QueryParameter> query) =>
        Parse(query, "Schedule", (parameter, values, state) =>
        {
            if (parameter.Name == ActorPractitionerIdentifier)
            {
                return ReadIdentifiers(parameter, KnownIdentifierSystems.PractitionerNationalId, "national id of health professionals", NationalIdentifiers.TryNormalizePractitioner, values, state)
                    ? ServedResourceSearchKey.ActorPractitionerNationalId : null;
            }

            return ReadReferences(parameter, Actor, ActorTypes, values, state) ? ServedResourceSearchKey.Reference : null;
        }, [Actor, ActorPractitionerIdentifier]);

    // read: one parameter into the values, and the key it searches on; null when it is not a search parameter of the type.
    private static ServedResourceSearchRequest Parse(
        IReadOnlyList<QueryParameter> query, string type, Func<QueryParameter, List<string>, ParseState, ServedResourceSearchKey?> read, string[] names)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = new ParseState();
        var values = new List<string>();
        var keys = new HashSet<ServedResourceSearchKey>();
        foreach (var parameter in query)
        {
            switch (parameter.Name)
            {
                case SlotSearchParameterNames.Count:
                    SlotSearchParser.ReadCount(parameter.Value, state);
                    break;
                case SlotSearchParameterNames.Format:
                    SlotSearchParser.ReadFormat(parameter.Value, state);
                    break;
                case SlotSearchParameterNames.Pretty:
                    SlotSearchParser.ReadPretty(parameter.Value, state);
                    break;
                default:
                    if (read(parameter, values, state) is { } key)
                    {
                        keys.Add(key);
                    }
                    else
                    {
                        state.Fail(IssueType.NotSupported, parameter.Name, $"The parameter '{parameter.Name}' is not supported on {type}: the hub serves {type}?{string.Join(" or ", names)} only (with _count, _format, _pretty).");
                    }

                    break;
            }
        }

        if (keys.Count == 0 && state.Issues.Count == 0)
        {
            state.Fail(IssueType.Required, names[0], $"{string.Join(" or ", names)} (1 to {MaxValues} values) is required: the hub does not list every {type}.");
        }
        else if (keys.Count > 1)
        {
            state.Fail(IssueType.NotSupported, names[0], $"Give one of {string.Join(", ", names)}, not both.");
        }
        else if (values.Count > MaxValues)
        {
            state.Fail(IssueType.TooCostly, names[0], $"{values.Count} values asked; at most {MaxValues} per search.");
        }

        if (state.Issues.Count > 0)
        {
            var status = state.Issues.All(i => i.Code == IssueType.NotSupported && i.Expression == SlotSearchParameterNames.Format) ? 406 : 400;
            throw new FhirRequestException(status, state.Issues);
        }

        return new ServedResourceSearchRequest
        {
            Search = new ServedResourceSearch(type, keys.Single(), values),
            Count = state.Count ?? SlotSearchParser.MaxSlots,
            Pretty = state.Pretty ?? false,
        };
    }

    private static bool ReadIdentifiers(QueryParameter parameter, string system, string systemMeaning, IdentifierNormalizer normalize, List<string> values, ParseState state)
    {
        SlotSearchParser.ReadIdentifierTokens(parameter.Value, parameter.Name, system, systemMeaning, normalize, values, state);
        return true;
    }

    /// <summary>
    /// <c>name=Type/id,…</c> or bare ids, and <c>name:Type=id,…</c> (FHIR reference search); values kept as
    /// <c>Type/id</c> or the bare id. False when <paramref name="parameter"/> is not this reference parameter.
    /// </summary>
    private static bool ReadReferences(QueryParameter parameter, string name, string[] types, List<string> values, ParseState state)
    {
        string? modifierType = null;
        if (parameter.Name != name)
        {
            modifierType = types.FirstOrDefault(t => parameter.Name == $"{name}:{t}");
            if (modifierType is null)
            {
                return false;
            }
        }

        foreach (var token in parameter.Value.Split(',', StringSplitOptions.TrimEntries))
        {
            var slash = token.IndexOf('/', StringComparison.Ordinal);
            var type = slash >= 0 ? token[..slash] : modifierType;
            var id = slash >= 0 ? token[(slash + 1)..] : token;
            if (slash >= 0 && (!types.Contains(type, StringComparer.Ordinal) || (modifierType is not null && type != modifierType)))
            {
                state.Fail(IssueType.Value, parameter.Name, $"'{token}': {parameter.Name} takes {string.Join(", ", (modifierType is null ? types : [modifierType]).Select(t => t + "/<id>"))} or a bare id (no absolute URL).");
                continue;
            }

            if (!ResourceIds.IsFhirId(id))
            {
                state.Fail(IssueType.Value, parameter.Name, $"'{token}': the id is not a FHIR id ([A-Za-z0-9-.]{{1,64}}).");
                continue;
            }

            var value = type is null ? id : $"{type}/{id}";
            if (!values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }
        }

        return true;
    }
}
