namespace Sas.Interop.Model.Tests;

/// <summary>A slot publisher alpha pushed: its values, practitioner, when it was last written and its version.</summary>
internal sealed record PushedSlot(AgendaSlot Slot, string NationalId, DateTimeOffset At, int Version);
