namespace Sas.Interop.Connectors.AgendaPlus;

// The platform's JSON (snake_case), as read by Refit. Everything nullable: the connector checks what it needs.
internal sealed record AgendaDto(string? Id, PractitionerDto? Practitioner, PracticeDto? Practice, string? BookingUrl);

internal sealed record PractitionerDto(string? Rpps, string? FirstName, string? LastName);

internal sealed record PracticeDto(string? Id, string? Name, AddressDto? Address, string? Phone);

internal sealed record AddressDto(string? Street, string? ZipCode, string? City);

internal sealed record MotiveDto(int Id, string? Label, bool Teleconsultation, bool HomeVisit, int? DurationMinutes);

internal sealed record AvailabilitiesDto(IReadOnlyList<AvailabilityDayDto>? Availabilities);

internal sealed record AvailabilityDayDto(string? Date, IReadOnlyList<DateTimeOffset>? Slots);
