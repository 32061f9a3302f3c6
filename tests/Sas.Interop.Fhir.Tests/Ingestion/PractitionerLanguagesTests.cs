using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Elements;
using Reasons = Sas.Interop.Core.Canonical.IngestionIssueReasons;

namespace Sas.Interop.Fhir.Tests.Ingestion;

/// <summary>Practitioner.communication: well-formed BCP-47 tags kept in canonical case; junk reported and dropped.</summary>
public sealed class PractitionerLanguagesTests
{
    [TestCase("fr", "fr")]
    [TestCase("EN", "en")]
    [TestCase("pt-br", "pt-BR")]
    [TestCase(" pt_BR ", "pt-BR")]
    [TestCase("zh-hant-tw", "zh-Hant-TW")]
    [TestCase("es-419", "es-419")]
    [TestCase("de-CH-x-Phonebk", "de-CH-x-phonebk")]
    [TestCase("english", null)]
    [TestCase("en-", null)]
    [TestCase("e", null)]
    [TestCase("fr fr", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void A_tag_is_normalised_or_refused(string? code, string? expected) =>
        Assert.That(PractitionerLanguages.Normalize(code), Is.EqualTo(expected));

    [Test]
    public void Junk_codings_are_reported_and_dropped_the_good_ones_kept_once()
    {
        var practitioner = new Practitioner
        {
            Communication =
            [
                new CodeableConcept("urn:ietf:bcp:47", "FR"),
                new CodeableConcept { Coding = [new Coding(null, "fr"), new Coding("urn:iso:std:iso:639-2", "fre")] },
                new CodeableConcept("urn:ietf:bcp:47", "Français"),
                new CodeableConcept { Text = "Anglais" },
                new CodeableConcept("http://hl7.org/fhir/ValueSet/languages", "es"),
            ],
        };
        var reasons = new List<string>();

        var languages = PractitionerLanguages.Read(practitioner, (reason, _, _) => reasons.Add(reason));

        Assert.That(languages, Is.EqualTo(new[] { "fr", "es" }));
        Assert.That(reasons, Is.EqualTo(new[] { Reasons.BadCode, Reasons.BadCode, Reasons.BadCode }));
    }
}
