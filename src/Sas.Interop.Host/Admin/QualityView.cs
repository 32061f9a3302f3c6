namespace Sas.Interop.Host.Admin;

/// <summary>Body of <c>GET /admin/connectors/{id}/quality</c>: the last run's normalisation issues by reason.</summary>
internal sealed record QualityView(string Instance, DateTimeOffset? RunAt, int Rejected, int KeptWithFix, IReadOnlyList<QualityReasonView> Reasons);
