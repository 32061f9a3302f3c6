using Sas.Interop.Host.Appointments;

namespace Sas.Interop.Appointments.Tests;

/// <summary>The SAS's appointment id read from the <c>Location</c> of its answer, as the relay keeps it for later versions.</summary>
public sealed class SasIdTests
{
    [TestCase("http://127.0.0.1:5099/fhir/Appointment/sas-1", "sas-1")]
    [TestCase("https://sas.example/fhir/Appointment/12345/_history/2", "12345")]
    [TestCase("Appointment/abc.9", "abc.9")]
    [TestCase("Appointment/12345/_history/1", "12345")]
    [TestCase("https://sas.example/fhir/Slot/12345", null)]
    [TestCase("https://sas.example/fhir/Appointment", null)]
    [TestCase("https://sas.example/fhir/Appointment/urn%3Aa%7C1", null)]
    public void The_id_comes_from_an_Appointment_location_only(string location, string? expected) =>
        Assert.That(AppointmentRelay.SasIdOf(new Uri(location, UriKind.RelativeOrAbsolute)), Is.EqualTo(expected));

    [Test]
    public void No_location_no_id() => Assert.That(AppointmentRelay.SasIdOf(null), Is.Null);
}
