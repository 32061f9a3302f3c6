namespace Sas.Interop.Host.Outbox;

/// <summary>How a relay paces its deliveries: backoff, attempt timeout, polling, history kept.</summary>
internal abstract class OutboxRelayOptions
{
    /// <summary>First retry delay; doubled per failed attempt up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one delivery request.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the relay looks at the outbox when nothing wakes it (a new row wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long delivered and refused outbox rows are kept (what they carried is kept regardless).</summary>
    public TimeSpan KeepSettled { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Every problem with these settings, as <c>Section:Key: message</c> lines.</summary>
    public virtual IReadOnlyList<string> Problems(string section)
    {
        var problems = new List<string>();
        if (BaseDelay <= TimeSpan.Zero)
        {
            problems.Add($"{section}:BaseDelay: must be positive, not {BaseDelay}.");
        }

        if (MaxDelay < BaseDelay)
        {
            problems.Add($"{section}:MaxDelay: {MaxDelay} is below BaseDelay ({BaseDelay}).");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{section}:AttemptTimeout: must be positive, not {AttemptTimeout}.");
        }

        if (KeepSettled <= TimeSpan.Zero)
        {
            problems.Add($"{section}:KeepSettled: must be positive, not {KeepSettled}.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{section}:PollInterval: must be positive, not {PollInterval}.");
        }

        return problems;
    }
}
