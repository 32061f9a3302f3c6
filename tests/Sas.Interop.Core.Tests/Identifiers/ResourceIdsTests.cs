using Sas.Interop.Core.Identifiers;

namespace Sas.Interop.Core.Tests.Identifiers;

public sealed class ResourceIdsTests
{
    [TestCase("a")]
    [TestCase("A-1.b")]
    [TestCase("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Fhir_ids_pass_the_rule(string id) =>
        Assert.That(ResourceIds.IsFhirId(id), Is.True);

    // "abc\n" passed while the pattern ended in $, which also matches before a final newline.
    [TestCase("")]
    [TestCase("abc\n")]
    [TestCase("a b")]
    [TestCase("é")]
    [TestCase("a|b")]
    [TestCase("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Anything_else_fails_it(string id) =>
        Assert.That(ResourceIds.IsFhirId(id), Is.False);

    [Test]
    public void Served_ids_are_always_fhir_ids_and_tell_native_ids_apart()
    {
        string[] natives = ["abc", "abc\n", "a b", new string('x', 200), new string('x', 201)];
        var served = natives.Select(n => ResourceIds.For("push-alpha", n)).ToList();
        Assert.That(served, Is.All.Matches<string>(ResourceIds.IsFhirId));
        Assert.That(served, Is.Unique);
    }

    [Test]
    public void Null_is_not_an_id() => Assert.That(ResourceIds.IsFhirId(null), Is.False);
}
