namespace Sas.Interop.Host.Admin;

/// <summary>
/// One identity-vigilance finding on a practitioner: <c>name</c> (sources disagree on the name), <c>place</c> (two
/// sources give practice addresses with none in common) or <c>never-returned</c> (a roster key its instance never
/// returned). <see cref="Sources"/> lists what each source says.
/// </summary>
internal sealed record IdentityConflict(string NationalId, string Kind, IReadOnlyList<IdentityConflictSource> Sources);
