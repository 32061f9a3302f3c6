using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// What a Slot carries besides its time, status, modes, motives and booking URL (see
/// <see cref="PsAgendaResources.Slot(string, string, DateTimeOffset, DateTimeOffset, bool, ConsultationModes, IEnumerable{string}, string?, PsSlotDetails)"/>).
/// Every property is optional: the default is what the short overload sends.
/// </summary>
public sealed record PsSlotDetails
{
    /// <summary>
    /// TRE_R314 slot types (<c>Slot.meta.security</c>); <see cref="SlotTypes.None"/>: untyped, served everywhere. A slot
    /// typed only <see cref="SlotTypes.Cpts"/> is not in PS-individuel answers.
    /// </summary>
    public SlotTypes Types { get; init; }

    /// <summary>The slot's own specialties (<c>Slot.specialty</c>); the place's go on the role (<see cref="PsRoleDetails.Specialties"/>).</summary>
    public IReadOnlyList<Specialty> Specialties { get; init; } = [];

    /// <summary>v2-0276 <c>ROUTINE</c> (bookable) or <c>WALKIN</c> (no appointment); unspecified: none sent.</summary>
    public AppointmentKind AppointmentKind { get; init; }

    /// <summary>Surbooking: the slot is offered beyond the practitioner's normal capacity (<c>Slot.overbooked</c>).</summary>
    public bool Overbooked { get; init; }
}
