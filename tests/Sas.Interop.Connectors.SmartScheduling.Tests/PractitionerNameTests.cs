using Hl7.Fhir.Model;

namespace Sas.Interop.Connectors.SmartScheduling.Tests;

/// <summary>How a SMART feed's practitioner names are split into HumanName parts.</summary>
public sealed class PractitionerNameTests
{
    private static readonly object[] TextCases =
    [
        new object?[] { "Dr Loïc LE BIHAN", "Dr", "Loïc", "LE BIHAN" },
        new object?[] { "Docteur Jean DE LA FONTAINE", "Docteur", "Jean", "DE LA FONTAINE" },
        new object?[] { "Pr Anne-Sophie DUPONT-MORETTI", "Pr", "Anne-Sophie", "DUPONT-MORETTI" },
        new object?[] { "Dr. Éloïse D'ARTAGNAN", "Dr.", "Éloïse", "D'ARTAGNAN" },
        new object?[] { "Marie Claire ÉTIENNE", string.Empty, "Marie|Claire", "ÉTIENNE" },
        new object?[] { "Dr Agathe MORIN", "Dr", "Agathe", "MORIN" },
        new object?[] { "LE BIHAN Loïc", string.Empty, "Loïc", "LE BIHAN" },
        new object?[] { "loïc le bihan", string.Empty, "loïc", "le bihan" },
        new object?[] { "jean de la fontaine", string.Empty, "jean", "de la fontaine" },
        new object?[] { "Loïc Le Bihan", string.Empty, "Loïc", "Le Bihan" },
        new object?[] { "Henri Martin", string.Empty, "Henri", "Martin" },
        new object?[] { "JEAN DE LA FONTAINE", string.Empty, "JEAN", "DE LA FONTAINE" },
        new object?[] { "Dr MARTIN", "Dr", string.Empty, "MARTIN" },
        new object?[] { "martin", string.Empty, string.Empty, "martin" },
        new object?[] { "Marie J. MARTIN", string.Empty, "Marie|J.", "MARTIN" },
        new object?[] { "  Dr   Loïc   LE   BIHAN  ", "Dr", "Loïc", "LE BIHAN" },
        new object?[] { "Dr", "Dr", string.Empty, null },
        new object?[] { null, string.Empty, string.Empty, null },
    ];

    [TestCaseSource(nameof(TextCases))]
    public void A_name_as_text_follows_the_French_convention(string? text, string prefix, string given, string? family)
    {
        var name = PractitionerName.Parse(text);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(name.Family, Is.EqualTo(family), "family");
            Assert.That(string.Join('|', name.Given), Is.EqualTo(given), "given");
            Assert.That(string.Join('|', name.Prefix), Is.EqualTo(prefix), "prefix");
        }
    }

    [Test]
    public void Structured_parts_win_over_the_text()
    {
        var name = PractitionerName.From(new HumanName { Text = "Loïc Le Bihan", Family = "Le Bihan", Given = ["Loïc", "Marie"], Prefix = ["Dr"] });

        Assert.That((name.Family, string.Join('|', name.Given), string.Join('|', name.Prefix)), Is.EqualTo(("Le Bihan", "Loïc|Marie", "Dr")));
    }

    [Test]
    public void Text_is_parsed_when_no_family_is_given()
    {
        var name = PractitionerName.From(new HumanName { Text = "Dr Loïc LE BIHAN" });

        Assert.That((name.Family, string.Join('|', name.Given), string.Join('|', name.Prefix)), Is.EqualTo(("LE BIHAN", "Loïc", "Dr")));
    }
}
