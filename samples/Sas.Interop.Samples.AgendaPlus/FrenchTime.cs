namespace Sas.Interop.Samples.AgendaPlus;

/// <summary>The platform speaks French local time.</summary>
internal static class FrenchTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var zone) ? zone : TimeZoneInfo.Utc;
}
