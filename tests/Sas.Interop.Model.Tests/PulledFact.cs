namespace Sas.Interop.Model.Tests;

/// <summary>A slot as the publisher listed it at a successful sync, with the practitioner's name and place of that moment.</summary>
internal sealed record PulledFact(AgendaSlot Slot, string Family, int Place);
