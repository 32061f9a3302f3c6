using System.Globalization;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// <c>Admin:Unavailabilities:MinDays</c>: how long an unavailability must last for <c>/admin/unavailabilities</c> to
/// list it by default (the SAS users' workshop's reminder: three weeks). Read and checked at start-up.
/// </summary>
internal sealed record UnavailabilityOptions(int MinDays)
{
    public const string MinDaysKey = "Admin:Unavailabilities:MinDays";
    public const int DefaultMinDays = 21;

    /// <summary>The largest threshold accepted (a year and a bit): beyond, nothing a practice declares would reach it.</summary>
    public const int MaxDays = 400;

    public static UnavailabilityOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var minDays = DefaultMinDays;
        if (configuration[MinDaysKey] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minDays) || minDays < 1 || minDays > MaxDays))
        {
            throw new InvalidOperationException($"{MinDaysKey}: '{text}' is not a whole number of days between 1 and {MaxDays} (default {DefaultMinDays}).");
        }

        return new UnavailabilityOptions(minDays);
    }
}
