namespace Sas.Interop.Core.Canonical;

/// <summary>A contact point; phones are normalised to <c>+33…</c>.</summary>
public sealed record CanonicalTelecom(string System, string Value);
