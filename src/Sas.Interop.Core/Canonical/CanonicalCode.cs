namespace Sas.Interop.Core.Canonical;

/// <summary>A coded concept, or free text when the publisher sent only text (the IG allows text-only specialties).</summary>
public sealed record CanonicalCode(string? System, string? Code, string? Display = null, string? Text = null);
