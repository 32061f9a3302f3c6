using Hl7.Fhir.Model;
using Sas.Interop.Core.Storage;
using Sas.Interop.Fhir.Search;

namespace Sas.Interop.Fhir.Bundles;

/// <summary>
/// Builds the IG's PS-individuel searchset (BundleAgregateur) from store rows: Slots as <c>match</c>, and as
/// <c>include</c> their Schedules, Practitioners and PractitionerRoles (each with its contained Location),
/// <c>meta.profile</c> on every resource, <c>fullUrl</c> on every entry.
/// </summary>
public sealed class SlotBundleBuilder
{
    /// <param name="result">What the store found.</param>
    /// <param name="request">The parsed request (which includes were asked).</param>
    /// <param name="baseUrl">The facade base, e.g. <c>https://hub.example/fhir</c>, without trailing slash.</param>
    /// <param name="selfUrl">The request URL, for <c>link[self]</c>.</param>
    public Bundle Build(SlotSearchResult result, SlotSearchRequest request, string baseUrl, string selfUrl)
    {
        throw new NotImplementedException();
    }
}
