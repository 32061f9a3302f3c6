namespace Sas.Interop.Fhir.Availability;

/// <summary>One column of the availability summary: free slots starting from <c>from</c> up to (not including) <paramref name="End"/>.</summary>
/// <param name="Code">Wire code: <c>2h</c>, <c>4h</c>, <c>6h</c>, <c>12h</c>, <c>half-day</c>, <c>day</c>.</param>
/// <param name="End">Exclusive end of the horizon.</param>
public sealed record AvailabilityHorizon(string Code, DateTimeOffset End);
