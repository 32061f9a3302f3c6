using System.Globalization;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// The one range of days the admin period parameters accept (<c>from</c>/<c>to</c> of <c>/admin/kpis</c> and
/// <c>/admin/export.csv</c>): 2000-01-01 to 2099-12-31, wide for any real question and far enough from
/// <see cref="DateOnly.MaxValue"/> that a day after <c>to</c>, a week or a month around it always exists.
/// </summary>
internal static class AdminDateRange
{
    public static readonly DateOnly First = new(2000, 1, 1);
    public static readonly DateOnly Last = new(2099, 12, 31);

    public static string Description => string.Create(CultureInfo.InvariantCulture, $"{First:yyyy-MM-dd} to {Last:yyyy-MM-dd}");

    public static bool Contains(DateOnly day) => day >= First && day <= Last;

    public static string OutOfRange(string name, string value) => $"{name} '{value}' is outside the accepted range, {Description}.";
}
