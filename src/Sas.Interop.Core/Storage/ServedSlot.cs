namespace Sas.Interop.Core.Storage;

/// <summary>A matching slot, rendered, with the schedule it belongs to (the includes follow it).</summary>
public sealed record ServedSlot(ServedRecord Record, string ScheduleNativeId);
