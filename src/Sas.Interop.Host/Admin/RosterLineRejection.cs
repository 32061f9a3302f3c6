namespace Sas.Interop.Host.Admin;

/// <summary>One line of a roster upload that was not added: its number in the file, its first field, and why.</summary>
/// <param name="Line">1-based line number in the uploaded file.</param>
/// <param name="Value">The line's national id as sent (cut at 64 characters).</param>
/// <param name="Reason">A stable code (<see cref="RosterCsvReader"/>'s constants), for scripts.</param>
/// <param name="Detail">The same, for people.</param>
internal sealed record RosterLineRejection(long Line, string Value, string Reason, string Detail);
