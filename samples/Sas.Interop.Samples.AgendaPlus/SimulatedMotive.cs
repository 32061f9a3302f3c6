namespace Sas.Interop.Samples.AgendaPlus;

internal sealed record SimulatedMotive(int Id, string Label, bool Teleconsultation, bool HomeVisit, int DurationMinutes);
