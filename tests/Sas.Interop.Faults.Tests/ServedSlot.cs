namespace Sas.Interop.Faults.Tests;

/// <summary>What the facade served for one Slot.</summary>
internal sealed record ServedSlot(string? Start, string? Comment, IReadOnlyList<string> Tags);
