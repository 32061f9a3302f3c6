namespace Sas.Interop.Host.Admin;

/// <summary>What one source (or roster) says in an <see cref="IdentityConflict"/>.</summary>
internal sealed record IdentityConflictSource(string Source, string Value);
