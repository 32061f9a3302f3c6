using Sas.Interop.Samples.Publisher;

namespace Sas.Interop.Faults.Tests;

/// <summary>Turns a simulator's faults on and off; searches are numbered from when the fault was switched on.</summary>
internal sealed class FaultSwitch
{
    private Func<int, SimulatedFault?>? _fault;
    private int _offset;

    public Func<int, SimulatedFault?> Hook => n => Volatile.Read(ref _fault)?.Invoke(n - Volatile.Read(ref _offset));

    public void On(Func<int, SimulatedFault?> fault, int searchesSoFar)
    {
        Volatile.Write(ref _offset, searchesSoFar);
        Volatile.Write(ref _fault, fault);
    }

    public void Off() => Volatile.Write(ref _fault, null);
}
