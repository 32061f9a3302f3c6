namespace Sas.Interop.Core.Storage;

/// <summary>Which answer a structure agenda's resources are served in: an SOS association's (SIRET) or another structure's.</summary>
public static class StructureFlow
{
    /// <summary>
    /// <see cref="ServedFlow.Sos"/> for a SIRET (<c>3</c>+14 digits: what the SOS Organization profile's invariant
    /// requires), else <see cref="ServedFlow.Structure"/>.
    /// </summary>
    public static ServedFlow Of(string? structureNationalId) => IsSosShaped(structureNationalId) ? ServedFlow.Sos : ServedFlow.Structure;

    /// <summary>True when the SOS profiles can be claimed for this structure: its id is a prefixed SIRET.</summary>
    public static bool IsSosShaped(string? structureNationalId) =>
        structureNationalId is { Length: 15 } id && id[0] == '3' && id.All(char.IsAsciiDigit);
}
