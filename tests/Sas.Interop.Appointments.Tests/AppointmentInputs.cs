using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sas.Interop.Testing;

namespace Sas.Interop.Appointments.Tests;

/// <summary>Test inputs built from the IG's own example appointments, read in place from the IG package.</summary>
internal static class AppointmentInputs
{
    public const string PsExample = "Appointment-1.json";
    public const string CancelledExample = "Appointment-2.json";
    public const string SosExample = "Appointment-12345678.json";
    public const string IgPractitioner = "810100050075";

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>The IG example with a fresh identifier value (so tests do not collide) and optional changes.</summary>
    public static Appointment Ps(string? value = null, Action<Appointment>? change = null) => Example(PsExample, value, change);

    public static Appointment Sos(string? value = null, Action<Appointment>? change = null) => Example(SosExample, value, change);

    public static string Json(Appointment appointment) => Serializer.SerializeToString(appointment);

    public static string Identifier(Appointment appointment) => appointment.Identifier[0].System + "|" + appointment.Identifier[0].Value;

    public static void SetPractitioner(Appointment appointment, string nationalId) =>
        appointment.Participant[0].Actor.Identifier.Value = nationalId;

    private static Appointment Example(string file, string? value, Action<Appointment>? change)
    {
        var appointment = IgPackage.ReadResource<Appointment>(file);
        appointment.Text = null;
        appointment.Identifier[0].Value = value ?? Guid.NewGuid().ToString();
        change?.Invoke(appointment);
        return appointment;
    }
}
