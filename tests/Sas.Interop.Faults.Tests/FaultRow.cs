namespace Sas.Interop.Faults.Tests;

/// <summary>One row of the printed fault table.</summary>
internal sealed record FaultRow(string Fault, int SlotsBefore, int SlotsLost, int WrongSlots, int Searches, int SearchesFailed, double SlowestSearchMs, double SyncMs, string Health)
{
    public static string Header =>
        $"{"fault",-26} {"before",6} {"lost",5} {"wrong",5} {"searches",8} {"failed",6} {"max ms",7} {"sync ms",8}  health";

    public override string ToString() =>
        $"{Fault,-26} {SlotsBefore,6} {SlotsLost,5} {WrongSlots,5} {Searches,8} {SearchesFailed,6} {SlowestSearchMs,7:F0} {SyncMs,8:F0}  {Health}";
}
