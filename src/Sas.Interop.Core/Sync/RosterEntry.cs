namespace Sas.Interop.Core.Sync;

/// <summary>
/// One key of a connector instance's roster, as the database holds it (src/Sas.Interop.Core/truth.md, "Roster and
/// configuration"): the prefixed national id the connector fetches, what kind of id it is, and where it came from.
/// </summary>
/// <param name="NationalId">Prefixed: <c>8</c>+RPPS, <c>0</c>+ADELI, <c>3</c>+SIRET (SOS associations), or a staff id.</param>
/// <param name="Kind">One of <see cref="RosterKeyKinds"/>.</param>
/// <param name="Label">An operator's label (a name, a practice); never served.</param>
/// <param name="Email">An operator's contact e-mail for the practitioner; never served.</param>
/// <param name="Origin"><see cref="ConfigurationOrigin"/> or <see cref="UploadOrigin"/>.</param>
/// <param name="AddedAt">When the key entered the roster.</param>
public sealed record RosterEntry(string NationalId, string Kind, string? Label, string? Email, string Origin, DateTimeOffset AddedAt)
{
    /// <summary>Seeded from <c>Connectors:&lt;id&gt;:Practitioners</c> (or <c>Organizations</c>); removed when the configuration drops it.</summary>
    public const string ConfigurationOrigin = "configuration";

    /// <summary>Added by <c>POST /admin/connectors/{id}/roster</c>; only an operator's removal takes it out.</summary>
    public const string UploadOrigin = "upload";

    public const int MaxLabelLength = 200;

    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaxEmailLength = 254;
}
