namespace Sas.Interop.Appointments.Tests;

/// <summary>Waits for a condition the relay makes true in the background; a bound, not a timing assertion.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {Limit.TotalSeconds} s: {what}");
            }

            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);
}
