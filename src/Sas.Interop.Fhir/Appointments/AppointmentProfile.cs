namespace Sas.Interop.Fhir.Appointments;

/// <summary>Which IG appointment profile an Appointment claims.</summary>
public enum AppointmentProfile
{
    /// <summary><c>FrAppointmentSAS</c> (PS individuel and CPTS): the PS participant is required.</summary>
    PsIndividuel = 0,

    /// <summary><c>sas-sos-appointment</c>: the PS may be unknown; the operator extension is the only extension.</summary>
    Sos = 1,
}
