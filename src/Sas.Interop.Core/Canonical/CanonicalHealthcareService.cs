namespace Sas.Interop.Core.Canonical;

/// <summary>The HealthcareService through which a slot is made visible to one CPTS (one service per CPTS).</summary>
public sealed record CanonicalHealthcareService : SourceRecord
{
    /// <summary>The CPTS organisation providing the service.</summary>
    public required string OrganizationNativeId { get; init; }

    public string? Name { get; init; }
}
