namespace Sas.Interop.Core.Identifiers;

/// <summary>Identifier systems and type code systems used by the SAS IG (digest §5.2).</summary>
public static class KnownIdentifierSystems
{
    /// <summary>National id of health professionals (IDNPS): 8+RPPS, 0+ADELI.</summary>
    public const string PractitionerNationalId = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>National id of structures (IDNST): 1+FINESS, 3+SIRET, 4+RPPS rang, 0+ADELI rang.</summary>
    public const string StructureNationalId = "urn:oid:1.2.250.1.71.4.2.2";

    /// <summary>Identifier type code system for practitioners and PractitionerRole.organization.</summary>
    public const string FrV20203 = "http://interopsante.org/fhir/CodeSystem/fr-v2-0203";

    /// <summary>Identifier type code system for Location and the SOS Organization.</summary>
    public const string FrLocationIdentifierType = "http://interopsante.org/fhir/CodeSystem/fr-location-identifier-type";

    /// <summary>Identifier type code system the CPTS Organization profile pattern uses.</summary>
    public const string FrCoreV20203 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";

    public const string IdnpsCode = "IDNPS";
    public const string IdnstCode = "IDNST";
    public const string IntrnCode = "INTRN";
}
