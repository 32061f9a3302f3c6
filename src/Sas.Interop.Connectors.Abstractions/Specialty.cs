namespace Sas.Interop.Connectors.Abstractions;

/// <summary>
/// A specialty, coded: TRE_R38 by default (<c>SM54</c> médecine générale…), or SNOMED CT. The SAS filters on the code
/// (<c>specialty=SM54</c>), so a text-only specialty would never match: a code is required.
/// </summary>
public sealed record Specialty
{
    public Specialty(string code, string? display = null, string system = ConnectorCodeSystems.SpecialiteOrdinale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        Code = code.Trim();
        Display = string.IsNullOrWhiteSpace(display) ? null : display.Trim();
        System = system.Trim();
    }

    public string Code { get; }

    public string? Display { get; }

    public string System { get; }

    /// <summary>A TRE_R38 specialité ordinale (<see cref="ConnectorCodeSystems.SpecialiteOrdinale"/>).</summary>
    public static Specialty Ordinale(string code, string? display = null) => new(code, display);

    /// <summary>A SNOMED CT specialty (<see cref="ConnectorCodeSystems.SnomedCt"/>).</summary>
    public static Specialty Snomed(string code, string? display = null) => new(code, display, ConnectorCodeSystems.SnomedCt);
}
