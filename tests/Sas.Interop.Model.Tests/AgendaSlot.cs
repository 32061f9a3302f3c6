namespace Sas.Interop.Model.Tests;

/// <summary>A slot as a publisher states it (pulled agenda or pushed resource): plain values, no FHIR.</summary>
internal sealed record AgendaSlot(string Id, DateTimeOffset Start, DateTimeOffset End, bool Free, string Modes, string Types);
