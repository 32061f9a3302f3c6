using Sas.Interop.Core.Statistics;

namespace Sas.Interop.Core.Tests.Statistics;

public sealed class CommuneKeysTests
{
    [TestCase("47000", "47")]
    [TestCase("20000", "2A")]
    [TestCase("20190", "2A")]
    [TestCase("20200", "2B")]
    [TestCase("20600", "2B")]
    [TestCase("97400", "974")]
    [TestCase("4700", null)]
    [TestCase("ABCDE", null)]
    [TestCase(null, null)]
    public void Department_follows_the_postal_code_with_Corsica_and_overseas(string? postalCode, string? department) =>
        Assert.That(CommuneKeys.Department(postalCode), Is.EqualTo(department));

    [TestCase("47000", "Agen", "47000-AGEN")]
    [TestCase("63000", "Clermont-Ferrand", "63000-CLERMONT-FERRAND")]
    [TestCase("30000", " Nîmes ", "30000-NIMES")]
    [TestCase("93200", "Saint-Denis, \"La Plaine\"\nbâtiment B", "93200-SAINT-DENIS-LA-PLAINE-BATIMENT-B")]
    [TestCase("72000", null, "72000")]
    [TestCase(null, "Agen", null)]
    public void Commune_is_the_postal_code_and_the_normalised_city(string? postalCode, string? city, string? commune) =>
        Assert.That(CommuneKeys.Commune(postalCode, city), Is.EqualTo(commune));

    [Test]
    public void A_filter_matches_a_commune_key_case_insensitively_or_a_bare_postal_code()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommuneKeys.Matches("47000-agen", "47000", "Agen"), Is.True);
            Assert.That(CommuneKeys.Matches("47000", "47000", "Agen"), Is.True);
            Assert.That(CommuneKeys.Matches("47000-BOE", "47000", "Agen"), Is.False);
        });
    }
}
