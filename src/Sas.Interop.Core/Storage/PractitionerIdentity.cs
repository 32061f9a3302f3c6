using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Core.Storage;

/// <summary>What one source says of one practitioner: the names and the practice addresses it sends.</summary>
public sealed record PractitionerIdentity(string SourceInstance, string NationalId, string? Family, IReadOnlyList<string> Given, IReadOnlyList<CanonicalAddress> Addresses);
