using Sas.Interop.Core.Storage;

namespace Sas.Interop.Store;

/// <summary>
/// A cached slot: the columns the search filters and orders on, its rendering and the renderings it brings in.
/// <see cref="Slot"/> (and the includes) are null for a slot without a current rendering (a booked slot): an answer
/// that holds it is built from resources, as the database search does.
/// </summary>
internal sealed record AgendaSlot(
    DateTime StartUtc,
    string SourceInstance,
    string NativeId,
    int Status,
    int Types,
    int Modes,
    DateTime FetchedAtUtc,
    ServedSlot? Slot,
    ServedSchedule? Schedule,
    ServedRecord? Practitioner,
    ServedRecord? Place);
