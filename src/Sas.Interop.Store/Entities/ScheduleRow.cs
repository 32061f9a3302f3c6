namespace Sas.Interop.Store.Entities;

internal sealed class ScheduleRow : ISourceRow
{
    public long Id { get; set; }

    public required string SourceInstance { get; set; }

    public required string NativeId { get; set; }

    public required string PractitionerNativeId { get; set; }

    public required string PlaceNativeId { get; set; }

    public DateTime? SourceLastUpdatedUtc { get; set; }

    public DateTime FetchedAtUtc { get; set; }
}
