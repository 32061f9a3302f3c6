namespace Sas.Interop.Core.Storage;

/// <summary>The result of a push write for one resource.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Version">The version now stored (the stored one on a conflict; null when nothing is stored).</param>
/// <param name="LastModified">When that version was written.</param>
public sealed record PushWriteOutcome(PushWriteStatus Status, long? Version, DateTimeOffset? LastModified);
