namespace Sas.Interop.Benchmarks.Data;

/// <summary>Now, in French time (the offset the generated slots carry, as a French publisher's would).</summary>
internal static class FrenchClock
{
    public static DateTimeOffset Now()
    {
        var utcNow = DateTimeOffset.UtcNow;
        try
        {
            return TimeZoneInfo.ConvertTime(utcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        }
        catch (TimeZoneNotFoundException)
        {
            return utcNow;
        }
    }
}
