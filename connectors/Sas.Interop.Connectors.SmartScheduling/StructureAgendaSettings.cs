using Sas.Interop.Core.Canonical;

namespace Sas.Interop.Connectors.SmartScheduling;

/// <summary>
/// What a <c>Flow: structure</c> instance knows of its structures beyond their ids: SMART has no Organization, so
/// their kind comes from configuration.
/// </summary>
/// <param name="StructureType">
/// <see cref="StructureTypes.Cds"/> or <see cref="StructureTypes.Msp"/>, written as <c>Organization.type</c> (TRE_R66
/// <c>124</c> / <c>603</c>); null: no type, which the hub reads as <see cref="StructureTypes.Other"/> for a FINESS
/// and <see cref="StructureTypes.Sos"/> for a SIRET.
/// </param>
internal sealed record StructureAgendaSettings(string? StructureType)
{
    /// <summary>The values <c>StructureType</c> accepts.</summary>
    public static IReadOnlyList<string> Types { get; } = [StructureTypes.Cds, StructureTypes.Msp];
}
