namespace Sas.Interop.Sync.Configuration;

/// <summary>
/// The suspicious-snapshot guard (<c>Sync:SuspiciousDrop</c>): a successful batch whose slot count for its scope falls
/// from at least <see cref="MinPrevious"/> to below <see cref="Ratio"/> of it is not applied, unless the same scope
/// showed the drop on <see cref="AcceptAfter"/> consecutive runs (a real mass cancellation must go through).
/// </summary>
public sealed class SuspiciousDropOptions
{
    public int MinPrevious { get; set; } = 10;

    public double Ratio { get; set; } = 0.2;

    /// <summary>The run that sees the drop for the K-th time in a row applies it; 1 disables the guard.</summary>
    public int AcceptAfter { get; set; } = 3;
}
