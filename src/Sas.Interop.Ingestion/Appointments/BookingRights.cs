using Sas.Interop.Core.Appointments;

namespace Sas.Interop.Ingestion.Appointments;

/// <summary>
/// Who may book for whom. An appointment moves the SAS's fair-spreading counter (<c>$last-solicited</c>) of its
/// practitioner, so a publisher may book only for practitioners whose agendas it really carries:
/// <list type="number">
/// <item>a practitioner one of its connector instances (<c>Publishers:&lt;id&gt;:Connectors</c>) rosters or holds:
/// the administrator configured that source as the publisher's;</item>
/// <item>a practitioner it pushed that no other source holds or rosters;</item>
/// <item>a practitioner it pushed that another source also holds (a contested claim: a PS may work with two agenda
/// softwares, or a publisher may claim another's PS) once an administrator granted it on <c>/admin/booking-claims</c>;
/// until then, and after a refusal, its appointments for that PS are refused.</item>
/// </list>
/// A practitioner no source publishes cannot be booked. Appointments without a practitioner (SOS) are not counted
/// and not checked here; the slot they name must be the publisher's (<see cref="AppointmentService"/>).
/// </summary>
internal sealed class BookingRights(PublisherSources sources, IBookingSources served, IAppointmentStore appointments, IBookingRightsStore store)
{
    public const string Connector = "connector";
    public const string SolePusher = "sole-pusher";
    public const string AdminGranted = "admin-granted";
    public const string AdminRefused = "admin-refused";
    public const string Contested = "contested";
    public const string NotPublished = "not-published";


    /// <summary>The verdict for <paramref name="publisherId"/> booking with <paramref name="practitionerNationalId"/> (prefixed).</summary>
    public async Task<BookingVerdict> CheckAsync(string publisherId, string practitionerNationalId, CancellationToken cancellationToken)
    {
        // Only what the configuration serves today holds a PS (truth.md): the unserved rows of a removed or disabled
        // source, kept until purged, neither give a right nor contest one.
        var holders = (await appointments.PractitionerSourcesAsync(practitionerNationalId, cancellationToken)).Where(served.IsServed).ToList();
        var decision = await store.DecisionAsync(practitionerNationalId, publisherId, cancellationToken);
        var rostered = await served.InstancesRosteringAsync(practitionerNationalId, cancellationToken);
        return Decide(publisherId, practitionerNationalId, sources.Of(publisherId), holders, rostered, decision);
    }

    /// <summary>
    /// Every push claim another source contests, decided or not: what an administrator has to look at.
    /// </summary>
    public async Task<IReadOnlyList<BookingClaim>> ContestedClaimsAsync(CancellationToken cancellationToken)
    {
        var pushSources = served.PublisherIds.ToDictionary(PublisherSources.PushSourceOf, id => id, StringComparer.Ordinal);
        var held = await store.HoldersOfPractitionersHeldByAsync(pushSources.Keys, cancellationToken);
        var decisions = (await store.DecisionsAsync(cancellationToken)).ToDictionary(d => (d.PractitionerNationalId, d.PublisherId));
        var rostered = await RosteredAsync(cancellationToken);
        var claims = new List<BookingClaim>();
        foreach (var practitioner in held)
        {
            foreach (var source in practitioner.Sources)
            {
                if (!pushSources.TryGetValue(source, out var publisherId))
                {
                    continue;
                }

                var decision = decisions.GetValueOrDefault((practitioner.PractitionerNationalId, publisherId));
                var verdict = Decide(publisherId, practitioner.PractitionerNationalId, sources.Of(publisherId), [.. practitioner.Sources.Where(served.IsServed)], rostered[practitioner.PractitionerNationalId], decision);
                if (verdict.Basis is Contested or AdminGranted or AdminRefused)
                {
                    claims.Add(new BookingClaim(practitioner.PractitionerNationalId, publisherId, verdict.Basis, verdict.OtherSources, decision?.DecidedAt, decision?.DecidedBy));
                }
            }
        }

        return claims;
    }

    /// <summary>The rule itself, on what the hub knows: pure, so its properties are tested over random worlds.</summary>
    /// <param name="publisherId">Who books.</param>
    /// <param name="practitioner">For whom (prefixed national id).</param>
    /// <param name="owned">The publisher's sources: <c>push-&lt;id&gt;</c> and its connector instances.</param>
    /// <param name="holders">The sources holding data for the practitioner.</param>
    /// <param name="rostered">The served connector instances whose roster lists the practitioner.</param>
    /// <param name="decision">An administrator's decision on this publisher's claim, if any.</param>
    internal static BookingVerdict Decide(string publisherId, string practitioner, IReadOnlySet<string> owned, IEnumerable<string> holders, IEnumerable<string> rostered, BookingDecision? decision)
    {
        var pushSource = PublisherSources.PushSourceOf(publisherId);
        var held = holders.ToList();
        var involved = held.Concat(rostered).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (involved.Any(s => s != pushSource && owned.Contains(s)))
        {
            return new BookingVerdict(true, Connector, $"The PS {practitioner} is in one of your connector instances.", []);
        }

        if (!held.Contains(pushSource))
        {
            return new BookingVerdict(false, NotPublished, $"You do not publish the PS {practitioner} to the hub: push its Practitioner and agenda first (or have an administrator add the connector that pulls it to Publishers:{publisherId}:Connectors).", []);
        }

        var others = involved.Where(s => !owned.Contains(s)).ToList();
        if (others.Count == 0)
        {
            return new BookingVerdict(true, SolePusher, $"You are the only source of the PS {practitioner}.", []);
        }

        return decision switch
        {
            { Granted: true } => new BookingVerdict(true, AdminGranted, $"An administrator granted you the PS {practitioner}.", others),
            { Granted: false } => new BookingVerdict(false, AdminRefused, $"An administrator refused your claim on the PS {practitioner}, also published by {string.Join(", ", others)}.", others),
            null => new BookingVerdict(false, Contested, $"The PS {practitioner} is also published by {string.Join(", ", others)}: your claim to book for them waits for an administrator's decision (/admin/booking-claims).", others),
        };
    }

    // The rosters are the database's: an upload or a removal on any node changes the rights at once.
    private async Task<ILookup<string, string>> RosteredAsync(CancellationToken cancellationToken) =>
        (await served.PractitionerRostersAsync(cancellationToken)).ToLookup(r => r.NationalId, r => r.Instance, StringComparer.Ordinal);
}
