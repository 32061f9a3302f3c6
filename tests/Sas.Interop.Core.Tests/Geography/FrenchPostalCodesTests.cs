using Sas.Interop.Core.Geography;

namespace Sas.Interop.Core.Tests.Geography;

public sealed class FrenchPostalCodesTests
{
    [TestCase("75001")]
    [TestCase("01000")]
    [TestCase("95000")]
    [TestCase("20000")]
    [TestCase("20090")]
    [TestCase("20600")]
    [TestCase("97133")]
    [TestCase("97400")]
    [TestCase("97800")]
    [TestCase("98000")]
    [TestCase("98400")]
    [TestCase("98600")]
    [TestCase("98700")]
    [TestCase("98800")]
    public void A_French_postal_code_is_valid(string code) =>
        Assert.That(FrenchPostalCodes.IsValid(code, out _), Is.True);

    [TestCase("00100", "prefix 00")]
    [TestCase("96000", "prefix 96")]
    [TestCase("99000", "prefix 99")]
    [TestCase("97000", "prefix 970")]
    [TestCase("97900", "prefix 979")]
    [TestCase("98100", "prefix 981")]
    [TestCase("98500", "prefix 985")]
    [TestCase("98900", "prefix 989")]
    [TestCase("7500", "five digits")]
    [TestCase("750011", "five digits")]
    [TestCase("75 001", "five digits")]
    [TestCase(" 75001", "five digits")]
    [TestCase("７５００１", "five digits")]
    [TestCase("=HYPERLINK(\"http://evil\",\"pc\")", "five digits")]
    [TestCase("+33-1+1", "five digits")]
    [TestCase("-2+3", "five digits")]
    [TestCase("@SUM(1)", "five digits")]
    [TestCase("2A004", "Corsican postal codes are 20xxx")]
    [TestCase("2b200", "Corsican postal codes are 20xxx")]
    public void Anything_else_is_refused_with_why(string code, string why)
    {
        Assert.That(FrenchPostalCodes.IsValid(code, out var problem), Is.False);
        Assert.That(problem, Does.Contain(why));
    }
}
