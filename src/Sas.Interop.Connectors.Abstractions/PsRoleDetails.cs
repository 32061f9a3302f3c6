namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// What a PractitionerRole carries besides its place (see
/// <see cref="PsAgendaResources.Role(string, string, PracticePlace, PsRoleDetails)"/>). Every property is optional: the
/// default is what the short overload sends.
/// </summary>
public sealed record PsRoleDetails
{
    private readonly double? homeVisitRadiusKm;

    /// <summary>The practitioner's specialties at this place (<c>PractitionerRole.specialty</c>): the SAS filters on them (<c>specialty=SM54</c>).</summary>
    public IReadOnlyList<Specialty> Specialties { get; init; } = [];

    /// <summary>
    /// The structure the practitioner works for at this place (<c>PractitionerRole.organization</c>): <c>1</c>+FINESS
    /// or <c>3</c>+SIRET, served typed IDNST.
    /// </summary>
    public string? OrganizationNationalId { get; init; }

    /// <summary><c>PractitionerRole.active</c>: false withholds every slot of the place (the SAS sees why in <c>$availability</c>).</summary>
    public bool Active { get; init; } = true;

    /// <summary>Periods the practitioner is away from this place (<c>PractitionerRole.notAvailable</c>).</summary>
    public IReadOnlyList<PracticeUnavailability> NotAvailable { get; init; } = [];

    /// <summary>
    /// How far from the place the practitioner travels for home visits (<c>HH</c> slots), in km, above 0 and at most 100
    /// (the hub's home-visit-radius extension): the proximity search matches an <c>HH</c> slot when the patient is inside it.
    /// </summary>
    public double? HomeVisitRadiusKm
    {
        get => homeVisitRadiusKm;
        init => homeVisitRadiusKm = value is { } km && !(double.IsFinite(km) && km is > 0 and <= 100)
            ? throw new ArgumentOutOfRangeException(nameof(HomeVisitRadiusKm), km, "A home-visit perimeter is above 0 and at most 100 km.")
            : value;
    }
}
