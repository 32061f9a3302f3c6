using Hl7.Fhir.Model;
using Sas.Interop.Fhir.Serialization;

namespace Sas.Interop.Fhir.Tests.Serialization;

public sealed class FhirJsonTests
{
    private const string SlotWithUnknownElement =
        """{"resourceType":"Slot","id":"a","publisherExtra":{"x":1},"status":"free","start":"2021-11-05T09:00:00.000+00:00","end":"2021-11-05T09:30:00.000+00:00","schedule":{"reference":"Schedule/s"}}""";

    [Test]
    public void Serialize_ThenParse_GivesTheSameResource_KeepingOffsets()
    {
        var slot = new Slot { Id = "a", Status = Slot.SlotStatus.Free, Start = new DateTimeOffset(2024, 6, 12, 16, 40, 0, TimeSpan.FromHours(2)) };

        var json = FhirJson.Serialize(slot);

        Assert.That(json, Does.Contain("\"start\":\"2024-06-12T16:40:00+02:00\""));
        Assert.That(FhirJson.Parse<Slot>(json).IsExactly(slot), Is.True);
        Assert.That(FhirJson.Serialize(slot, pretty: true), Does.Contain(Environment.NewLine).Or.Contain("\n"));
    }

    [Test]
    public void Serialize_IntoABufferWriter_GivesTheSameBytesAsTheString()
    {
        var slot = new Slot
        {
            Id = "a",
            Status = Slot.SlotStatus.Free,
            Start = new DateTimeOffset(2024, 6, 12, 16, 40, 0, TimeSpan.FromHours(2)),
            Comment = "Médecine générale <à domicile> & \"urgences\" 🚑",
        };
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        FhirJson.Serialize(slot, output);

        Assert.That(output.WrittenSpan.ToArray(), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(FhirJson.Serialize(slot))));
    }

    [Test]
    public void Parse_IsLenientWithUnknownElements()
    {
        var slot = FhirJson.Parse<Slot>(SlotWithUnknownElement);

        Assert.That(slot.Id, Is.EqualTo("a"));
        Assert.That(slot.Start, Is.EqualTo(new DateTimeOffset(2021, 11, 5, 9, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void ParseStrict_RejectsUnknownElements_WithAFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => FhirJson.ParseStrict<Slot>(SlotWithUnknownElement));

        Assert.That(ex.Message, Does.Contain("publisherExtra"));
    }

    [TestCase("{not json", "not valid JSON")]
    [TestCase("", "empty")]
    [TestCase("[1,2]", "not a valid FHIR")]
    [TestCase("""{"hello":"world"}""", "resourceType")]
    [TestCase("""{"resourceType":"Banana"}""", "resourceType")]
    public void Parse_BadInput_ThrowsAReadableFormatException(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => FhirJson.Parse<Resource>(json));

        Assert.That(ex.Message, Does.Contain(expected));
    }

    [Test]
    public void Parse_OtherResourceType_SaysWhatWasExpected()
    {
        var ex = Assert.Throws<FormatException>(() => FhirJson.Parse<Bundle>(SlotWithUnknownElement));

        Assert.That(ex.Message, Does.Contain("Bundle").And.Contain("Slot"));
    }
}
