namespace Sas.Interop.Connectors.Template;

// TODO: your API's JSON. Everything nullable: the connector checks what it needs and fails the batch (Malformed) otherwise.
internal sealed record SlotPageDto(PractitionerDto? Practitioner, PlaceDto? Place, IReadOnlyList<SlotDto>? Slots, int? NextPage);

internal sealed record PractitionerDto(string? LastName, string? FirstName);

internal sealed record PlaceDto(string? Id, string? Name, string? Address, string? PostalCode, string? City, string? Phone, double? Latitude, double? Longitude);

internal sealed record SlotDto(string? Id, DateTimeOffset? Start, DateTimeOffset? End, string? Mode, string? BookingUrl, string? Audience);
