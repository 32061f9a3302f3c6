namespace Sas.Interop.Core.Canonical;

/// <summary>Opening hours of an SOS fixed consultation place (FHIR <c>Location.hoursOfOperation</c>).</summary>
/// <param name="Days">Days of week as FHIR codes (<c>mon</c> … <c>sun</c>).</param>
/// <param name="AllDay">Open all day.</param>
/// <param name="Opening">Opening time, <c>HH:mm:ss</c>.</param>
/// <param name="Closing">Closing time, <c>HH:mm:ss</c>.</param>
public sealed record CanonicalOpeningHours(IReadOnlyList<string> Days, bool AllDay, string? Opening, string? Closing);
