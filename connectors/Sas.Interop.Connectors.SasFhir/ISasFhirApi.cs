using Refit;

namespace Sas.Interop.Connectors.SasFhir;

/// <summary>The publisher's FHIR API as the SAS calls it.</summary>
internal interface ISasFhirApi
{
    /// <summary>
    /// <c>GET {base}/Slot?{query}</c> with <paramref name="query"/> already built and escaped by
    /// <see cref="SlotSearchQuery"/>. Refit's own query building would escape the ':' of
    /// <c>_include:iterate</c> and <c>schedule.actor:Practitioner.identifier</c>; with an unescaped URI format the
    /// query goes out as built (System.Uri still writes '|' as %7C, as the IG's own self link does).
    /// </summary>
    [Get("/Slot?{query}")]
    [QueryUriFormat(UriFormat.Unescaped)]
    [Headers("Accept: " + SlotSearchQuery.FhirJsonMediaType)]
    Task<HttpResponseMessage> SearchSlotsAsync(string query, CancellationToken cancellationToken);

    /// <summary><c>GET {base}/Schedule?{query}</c> (SOS Médecins), <paramref name="query"/> built by <see cref="ScheduleSearchQuery"/>.</summary>
    [Get("/Schedule?{query}")]
    [QueryUriFormat(UriFormat.Unescaped)]
    [Headers("Accept: " + SlotSearchQuery.FhirJsonMediaType)]
    Task<HttpResponseMessage> SearchSchedulesAsync(string query, CancellationToken cancellationToken);
}
