namespace Sas.Interop.Fhir.Search;

/// <summary>The shape of <c>NationalIdentifiers.TryNormalize*</c>: a raw value to its prefixed form, or why not.</summary>
internal delegate bool IdentifierNormalizer(string? raw, out string? normalized, out string? error);
