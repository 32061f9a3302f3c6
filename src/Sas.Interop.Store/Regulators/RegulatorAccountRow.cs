namespace Sas.Interop.Store.Regulators;

/// <summary>The latest version of a regulator account the SAS sent (INT_R02).</summary>
internal sealed class RegulatorAccountRow
{
    /// <summary>The hub's id (in <c>Location</c>); stable across versions and identifier changes.</summary>
    public required string HubId { get; set; }

    public int Version { get; set; }

    public bool Active { get; set; }

    /// <summary>The Practitioner as the SAS sent it (without the SAS's id).</summary>
    public required string ResourceJson { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }
}
