namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// What a Practitioner carries besides its national id and name (see
/// <see cref="PsAgendaResources.Practitioner(string, string, string?, string?, PsPractitionerDetails)"/>).
/// </summary>
public sealed record PsPractitionerDetails
{
    /// <summary>Languages spoken, BCP-47 tags (<c>fr</c>, <c>en</c>, <c>pt-BR</c>): <c>Practitioner.communication</c>, a filter of the SAS search.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The practitioner's own phone numbers (<c>Practitioner.telecom</c>; the place's go on <see cref="PracticePlace.Phones"/>).</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>The practitioner's e-mail addresses (<c>Practitioner.telecom</c>).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
}
