namespace Sas.Interop.Ingestion.Appointments;

/// <summary>Told when an appointment and its outbox row are stored, so the relay to the SAS sends it at once.</summary>
internal interface IAppointmentOutboxSignal
{
    void Notify();
}
