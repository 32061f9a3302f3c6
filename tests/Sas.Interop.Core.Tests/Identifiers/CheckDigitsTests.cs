using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Core.Tests.Identifiers;

public sealed class CheckDigitsTests
{
    // The algorithm's reference examples (the IG's own example ids are not Luhn-valid, so they cannot serve).
    [TestCase("7992739871", '3')]
    [TestCase("411111111111111", '1')]
    [TestCase("0", '0')]
    public void Luhn_gives_the_reference_keys(string body, char key) =>
        Assert.That(CheckDigits.Luhn(body), Is.EqualTo(key));

    [Test]
    public void Luhn_refuses_non_digits() =>
        Assert.That(() => CheckDigits.Luhn("12A4"), Throws.ArgumentException);
}
