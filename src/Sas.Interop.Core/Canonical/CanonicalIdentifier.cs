namespace Sas.Interop.Core.Canonical;

/// <summary>An identifier as the source sent it, with its type coding (IDNPS, IDNST, INTRN…).</summary>
public sealed record CanonicalIdentifier(string? System, string Value, string? TypeSystem = null, string? TypeCode = null);
