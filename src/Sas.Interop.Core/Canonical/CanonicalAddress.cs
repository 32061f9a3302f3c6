namespace Sas.Interop.Core.Canonical;

/// <summary>Postal address of a consultation place.</summary>
public sealed record CanonicalAddress(IReadOnlyList<string> Lines, string? City, string? PostalCode);
