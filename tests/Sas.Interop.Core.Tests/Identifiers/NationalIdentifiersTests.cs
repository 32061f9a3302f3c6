using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Core.Tests.Identifiers;

public sealed class NationalIdentifiersTests
{
    [TestCase("10100050075", "810100050075", TestName = "RPPS bare gets the 8 prefix")]
    [TestCase("810100050075", "810100050075", TestName = "RPPS prefixed is unchanged")]
    [TestCase(" 8 1010 0050 075 ", "810100050075", TestName = "RPPS with spaces is cleaned")]
    [TestCase("8101.0005.0075", "810100050075", TestName = "RPPS with dots is cleaned")]
    [TestCase("8\u00A010100050075", "810100050075", TestName = "RPPS with a non-breaking space is cleaned")]
    [TestCase("123456789", "0123456789", TestName = "ADELI bare gets the 0 prefix")]
    [TestCase("0123456789", "0123456789", TestName = "ADELI prefixed is unchanged")]
    [TestCase("3456780581/11242343", "3456780581/11242343", TestName = "Establishment staff id is unchanged")]
    public void TryNormalizePractitioner_Accepts(string raw, string expected)
    {
        Assert.That(NationalIdentifiers.TryNormalizePractitioner(raw, out var normalized, out var error), Is.True, error);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("ABCDEFGHIJK")]
    [TestCase("12345")]
    [TestCase("910100050075", TestName = "12 digits not starting with 8")]
    [TestCase("1123456789", TestName = "10 digits not starting with 0")]
    [TestCase("8101000500751", TestName = "13 digits")]
    [TestCase("urn:oid:1.2.250.1.71.4.2.1|810100050075", TestName = "system|value is not an id")]
    public void TryNormalizePractitioner_Rejects(string? raw)
    {
        Assert.That(NationalIdentifiers.TryNormalizePractitioner(raw, out var normalized, out var error), Is.False);
        Assert.That(normalized, Is.Null);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void NormalizePractitioner_ThrowsWithTheReason()
    {
        var ex = Assert.Throws<IdentifierNormalizationException>(() => NationalIdentifiers.NormalizePractitioner("12345"));

        Assert.That(ex.Message, Does.Contain("12345").And.Contain("RPPS"));
    }

    [TestCase("810004421", "1810004421", TestName = "FINESS bare gets the 1 prefix")]
    [TestCase("1810004421", "1810004421", TestName = "FINESS prefixed is unchanged")]
    [TestCase("2A0004421", "12A0004421", TestName = "Corsican FINESS 2A")]
    [TestCase("2B0004421", "12B0004421", TestName = "Corsican FINESS 2B")]
    [TestCase("12A0004421", "12A0004421", TestName = "Corsican FINESS prefixed is unchanged")]
    [TestCase("33417374840002", "333417374840002", TestName = "SIRET bare gets the 3 prefix")]
    [TestCase("334 173 748 40002", "333417374840002", TestName = "SIRET with spaces")]
    [TestCase("334173748400020", "334173748400020", TestName = "SIRET prefixed is unchanged")]
    [TestCase("412345678912345", "412345678912345", TestName = "RPPS rang prefixed is unchanged")]
    public void TryNormalizeStructure_Accepts(string raw, string expected)
    {
        Assert.That(NationalIdentifiers.TryNormalizeStructure(raw, out var normalized, out var error), Is.True, error);
        Assert.That(normalized, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("ABC")]
    [TestCase("2C0004421", TestName = "2C is not a Corsican department")]
    [TestCase("1234567890123", TestName = "13 digits starting with 1")]
    [TestCase("5123456789", TestName = "unknown prefix 5")]
    public void TryNormalizeStructure_Rejects(string? raw)
    {
        Assert.That(NationalIdentifiers.TryNormalizeStructure(raw, out var normalized, out var error), Is.False);
        Assert.That(normalized, Is.Null);
        Assert.That(error, Is.Not.Empty);
    }

    [TestCase("33417374840002", ExpectedResult = "333417374840002")]
    [TestCase("333417374840002", ExpectedResult = "333417374840002")]
    public string? TryNormalizeSiret_AcceptsBareAndPrefixed(string raw) =>
        NationalIdentifiers.TryNormalizeSiret(raw, out var normalized, out _) ? normalized : null;

    [TestCase("810004421", TestName = "a FINESS is not a SIRET")]
    [TestCase("433417374840002", TestName = "wrong prefix")]
    public void TryNormalizeSiret_RejectsOtherIds(string raw)
    {
        Assert.That(NationalIdentifiers.TryNormalizeSiret(raw, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("SIRET"));
    }
}
