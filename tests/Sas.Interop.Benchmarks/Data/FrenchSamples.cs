namespace Sas.Interop.Benchmarks.Data;

/// <summary>Plausible French values for generated agendas (communes and postal codes are real).</summary>
internal static class FrenchSamples
{
    public static readonly string[] FamilyNames =
    [
        "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
        "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
    ];

    public static readonly string[] GivenNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Élise", "Hélène", "Lucas", "Hugo", "Sébastien", "François", "Jérôme",
    ];

    public static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "place de la Mairie",
        "rue Pasteur", "rue du Général de Gaulle", "avenue de la Gare", "rue des Écoles", "chemin des Vignes",
    ];

    public static readonly (string City, string PostalCode)[] Communes =
    [
        ("Agen", "47000"), ("Bordeaux", "33000"), ("Lyon", "69003"), ("Rennes", "35000"), ("Lille", "59000"),
        ("Nantes", "44000"), ("Toulouse", "31000"), ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Dijon", "21000"),
        ("Clermont-Ferrand", "63000"), ("Besançon", "25000"), ("Nîmes", "30000"), ("Orléans", "45000"), ("Chambéry", "73000"),
    ];

    public static readonly string[] Motives =
    [
        "Consultation", "Consultation de suivi", "Renouvellement d'ordonnance", "Consultation urgente", "Certificat médical", "Vaccination",
    ];
}
