namespace Sas.Interop.Ingestion.Appointments;

/// <summary>One writer at a time per publisher within this process, shared with push (see the host's PublisherLocks).</summary>
internal interface IPublisherWriteLock
{
    /// <summary>Waits for the publisher's turn; disposing the result lets the next writer in.</summary>
    Task<IDisposable> AcquireAsync(string publisherId, CancellationToken cancellationToken);
}
