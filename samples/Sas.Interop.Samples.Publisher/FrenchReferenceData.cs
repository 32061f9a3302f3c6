namespace Sas.Interop.Samples.Publisher;

/// <summary>Small tables of plausible French data for the generator; communes and postal codes are real.</summary>
internal static class FrenchReferenceData
{
    public static readonly string[] FamilyNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
        "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    ];

    public static readonly string[] GivenNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Claire", "Élise", "Anne",
        "Sophie", "Nathalie", "Isabelle", "Hélène", "Marie", "Lucas", "Hugo", "Louis", "Gabriel", "Arthur",
        "Jules", "Thomas", "Nicolas", "Julien", "Antoine", "Pierre", "Mathieu", "Guillaume", "Sébastien", "François",
    ];

    public static readonly string[] Streets =
    [
        "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta", "place de la Mairie",
        "rue Pasteur", "rue du Général de Gaulle", "avenue de la Gare", "rue des Écoles", "rue Nationale",
        "chemin des Vignes", "allée des Tilleuls",
    ];

    public static readonly (string City, string PostalCode)[] Communes =
    [
        ("Agen", "47000"), ("Bordeaux", "33000"), ("Lyon", "69003"), ("Rennes", "35000"), ("Lille", "59000"),
        ("Nantes", "44000"), ("Toulouse", "31000"), ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Dijon", "21000"),
        ("Limoges", "87000"), ("Brest", "29200"), ("Pau", "64000"), ("Annecy", "74000"), ("Tours", "37000"),
        ("Reims", "51100"), ("Amiens", "80000"), ("Clermont-Ferrand", "63000"), ("Besançon", "25000"), ("Poitiers", "86000"),
        ("Caen", "14000"), ("Rouen", "76000"), ("Metz", "57000"), ("Nancy", "54000"), ("Grenoble", "38000"),
        ("Nîmes", "30000"), ("Perpignan", "66000"), ("Orléans", "45000"), ("Angers", "49000"), ("Le Mans", "72000"),
        ("Aurillac", "15000"), ("Quimper", "29000"), ("Vannes", "56000"), ("Chambéry", "73000"), ("Avignon", "84000"),
        ("Ajaccio", "20000"), ("Bastia", "20200"),
    ];

    public static readonly string[] Motives =
    [
        "Consultation", "Consultation de suivi", "Visite de contrôle", "Renouvellement d'ordonnance",
        "Consultation urgente", "Certificat médical", "Vaccination", "Première consultation",
    ];

    /// <summary>FINESS department code of a postal code (Corsica is 2A/2B, not 20).</summary>
    public static string Department(string postalCode) => postalCode switch
    {
        _ when postalCode.StartsWith("200", StringComparison.Ordinal) || postalCode.StartsWith("201", StringComparison.Ordinal) => "2A",
        _ when postalCode.StartsWith("20", StringComparison.Ordinal) => "2B",
        _ => postalCode[..2],
    };
}
