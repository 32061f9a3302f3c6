using Sas.Interop.Core.Storage;

namespace Sas.Interop.Host.Admin;

/// <summary>One unavailability as <c>/admin/unavailabilities</c> lists it (and the webhook event carries it).</summary>
internal sealed record UnavailabilityView(
    string PractitionerNationalId,
    string Name,
    string Source,
    string PlaceId,
    string? Place,
    string Reason,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    string Description,
    int? Days)
{
    public static UnavailabilityView From(PractitionerUnavailability u) => new(
        u.PractitionerNationalId,
        string.Join(' ', new[] { u.Given, u.Family }.Where(p => !string.IsNullOrWhiteSpace(p))),
        u.SourceInstance,
        u.PlaceNativeId,
        u.Place,
        u.Kind,
        u.Start,
        u.End,
        u.Description,
        u.Start is { } start && u.End is { } end ? (int)Math.Ceiling((end - start).TotalDays) : null);
}
