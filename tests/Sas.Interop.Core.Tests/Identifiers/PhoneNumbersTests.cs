using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Core.Tests.Identifiers;

public sealed class PhoneNumbersTests
{
    [TestCase("06 58 91 38 59", "+33658913859")]
    [TestCase("0658913859", "+33658913859")]
    [TestCase("06.58.91.38.59", "+33658913859")]
    [TestCase("06-58-91-38-59", "+33658913859")]
    [TestCase("0033658913859", "+33658913859")]
    [TestCase("0033 6 58 91 38 59", "+33658913859")]
    [TestCase("+33658913859", "+33658913859")]
    [TestCase("+33 6 58 91 38 59", "+33658913859")]
    [TestCase("+33 (0)6 58 91 38 59", "+33658913859")]
    [TestCase("+33(0)658913859", "+33658913859")]
    [TestCase("658913859", "+33658913859")]
    [TestCase(" 05 61 85 59 77 ", "+33561855977")]
    [TestCase("+44 20 7946 0958", "+442079460958")]
    public void ToInternational_Normalises(string raw, string expected)
    {
        Assert.That(PhoneNumbers.ToInternational(raw), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("call me")]
    [TestCase("06 58 91 38 5x")]
    [TestCase("0658")]
    [TestCase("06589138591", TestName = "eleven national digits")]
    [TestCase("+33 6", TestName = "too short international")]
    public void ToInternational_ReturnsNull_WhenThereIsNoPhoneNumber(string? raw)
    {
        Assert.That(PhoneNumbers.ToInternational(raw), Is.Null);
    }
}
