namespace Sas.Interop.Connectors.Abstractions;

/// <summary>Where a practitioner consults, as <see cref="PsAgendaResources.Role"/> puts it in the contained Location.</summary>
public sealed record PracticePlace(string? Name, IReadOnlyList<string> AddressLines, string? City, string? PostalCode, IReadOnlyList<string> Phones);
