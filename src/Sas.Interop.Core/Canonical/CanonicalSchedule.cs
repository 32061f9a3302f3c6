namespace Sas.Interop.Core.Canonical;

/// <summary>An agenda: one practitioner at one place of consultation.</summary>
public sealed record CanonicalSchedule : SourceRecord
{
    public required string PractitionerNativeId { get; init; }

    public required string PlaceNativeId { get; init; }
}
