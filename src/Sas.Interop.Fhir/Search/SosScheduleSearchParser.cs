using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Outcomes;
using IssueType = Hl7.Fhir.Model.OperationOutcome.IssueType;
using ParseState = Sas.Interop.Fhir.Search.SlotSearchParser.ParseState;

namespace Sas.Interop.Fhir.Search;

/// <summary>
/// Parses the IG's SOS Médecins search (<c>GET /fhir/Schedule?_revinclude=Slot:schedule&amp;…&amp;
/// actor:Location.organization.identifier=urn:oid:1.2.250.1.71.4.2.2|3&lt;SIRET&gt;,…</c>), generalised to any
/// structure agenda (<c>|1&lt;FINESS&gt;</c> too: centres de santé, MSP). Window, status,
/// <c>_count</c>, <c>_format</c> and <c>_pretty</c> follow the Slot search's rules; every problem is reported at once.
/// </summary>
public sealed class SosScheduleSearchParser
{
    /// <summary>Most associations one search may name: the technical table says 1..25 (the functional spec 10).</summary>
    public const int MaxOrganizations = 25;

    public const string Start = "_has:Slot:schedule:start";
    public const string Status = "_has:Slot:schedule:status";
    public const string OrganizationIdentifier = "actor:Location.organization.identifier";
    public const string RevInclude = "_revinclude";
    public const string RevIncludeSlotSchedule = "Slot:schedule";
    public const string IncludeLocation = "Schedule:actor:Location";
    public const string IncludeLocationOrganization = "Location:organization";

    private readonly TimeSpan? maxWindow;

    public SosScheduleSearchParser()
    {
    }

    /// <param name="maxWindow">Longest search window accepted.</param>
    public SosScheduleSearchParser(TimeSpan maxWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWindow, TimeSpan.Zero);
        this.maxWindow = maxWindow;
    }

    public SosScheduleSearchRequest Parse(IReadOnlyList<QueryParameter> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var state = new ParseState { StartName = Start, StatusName = Status };
        var organizations = new List<string>();
        bool identifiersSeen = false, statusSeen = false, slots = false, locations = false, locationOrganizations = false;
        foreach (var parameter in query)
        {
            switch (parameter.Name)
            {
                case Start:
                    SlotSearchParser.ReadStart(parameter.Value, state);
                    break;
                case Status:
                    statusSeen = true;
                    SlotSearchParser.ReadStatus(parameter.Value, state);
                    break;
                case OrganizationIdentifier:
                    identifiersSeen = true;
                    ReadOrganizations(parameter.Value, organizations, state);
                    break;
                case RevInclude when parameter.Value.Trim() == RevIncludeSlotSchedule:
                    slots = true;
                    break;
                case SlotSearchParameterNames.Include when parameter.Value.Trim() is IncludeLocation or "Schedule:actor":
                    locations = true;
                    break;

                // Trap 12: the IG's bullet text writes Location:Organization; its URL and CapabilityStatement lowercase.
                case SlotSearchParameterNames.IncludeIterate or SlotSearchParameterNames.Include
                    when string.Equals(parameter.Value.Trim(), IncludeLocationOrganization, StringComparison.OrdinalIgnoreCase):
                    locationOrganizations = true;
                    break;
                case RevInclude or SlotSearchParameterNames.Include or SlotSearchParameterNames.IncludeIterate:
                    state.Fail(IssueType.NotSupported, parameter.Name, $"{parameter.Name}='{parameter.Value}' is not supported; allowed: {RevInclude}={RevIncludeSlotSchedule}, _include={IncludeLocation}, _include:iterate={IncludeLocationOrganization}.");
                    break;
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
                    state.Fail(IssueType.NotSupported, parameter.Name, $"The parameter '{parameter.Name}' is not supported: the hub serves the SAS SOS Médecins Schedule search only ({Start}, {Status}, {OrganizationIdentifier}, _revinclude, _include, _include:iterate, _count, _format, _pretty).");
                    break;
            }
        }

        SlotSearchParser.CheckWindow(state, maxWindow);

        // The IG's SOS request makes the slot status 1..1 (digest §3.3), unlike the hub's lenient PS reading.
        if (!statusSeen)
        {
            state.Fail(IssueType.Required, Status, $"{Status}=free is required: the SOS Médecins search asks for free slots explicitly.");
        }

        if (!identifiersSeen)
        {
            state.Fail(IssueType.Required, OrganizationIdentifier, $"{OrganizationIdentifier} (1 to {MaxOrganizations} structures: SOS Médecins associations, {KnownIdentifierSystems.StructureNationalId}|3<SIRET>, or other structures, |1<FINESS> or |3<SIRET>) is required.");
        }
        else if (organizations.Count > MaxOrganizations)
        {
            state.Fail(IssueType.TooCostly, OrganizationIdentifier, $"{organizations.Count} associations asked; at most {MaxOrganizations} per search.");
        }

        if (state.Issues.Count > 0)
        {
            var status = state.Issues.All(i => i.Code == IssueType.NotSupported && i.Expression == SlotSearchParameterNames.Format) ? 406 : 400;
            throw new FhirRequestException(status, state.Issues);
        }

        return new SosScheduleSearchRequest
        {
            Criteria = new SosSearchCriteria(organizations, state.From!.Value, state.To!.Value, SlotStatus.Free, state.Count ?? SlotSearchParser.MaxSlots),
            IncludeSlots = slots,
            IncludeLocations = locations,
            IncludeOrganizations = locations && locationOrganizations,
            Pretty = state.Pretty ?? false,
        };
    }

    private static void ReadOrganizations(string raw, List<string> organizations, ParseState state) =>
        SlotSearchParser.ReadIdentifierTokens(raw, OrganizationIdentifier, KnownIdentifierSystems.StructureNationalId, "national id of structures", NationalIdentifiers.TryNormalizeFinessOrSiret, organizations, state);
}
