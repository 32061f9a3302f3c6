namespace Sas.Interop.Store.Entities;

internal sealed class ConnectorStateRow
{
    public required string InstanceId { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }

    public DateTime? LastSuccessAtUtc { get; set; }

    public string? LastError { get; set; }

    public int ConsecutiveFailures { get; set; }

    public string? LastRunJson { get; set; }

    /// <summary>When an operator paused the instance; null when it runs on its schedule.</summary>
    public DateTime? PausedAtUtc { get; set; }
}
