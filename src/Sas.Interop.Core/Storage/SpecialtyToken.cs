namespace Sas.Interop.Core.Storage;

/// <summary>One code of the <c>specialty</c> search: a coded specialty with this code, and this system unless it is null (any system).</summary>
/// <remarks>A text-only specialty (the IG allows them) has no code, so no token ever matches it.</remarks>
public sealed record SpecialtyToken(string? System, string Code);
