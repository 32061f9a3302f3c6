using Sas.Interop.Host.Push;
using Sas.Interop.Ingestion.Appointments;

namespace Sas.Interop.Host.Appointments;

/// <summary>Appointments queue behind the same per-publisher lock as push.</summary>
internal sealed class PushPublisherWriteLock(PublisherLocks locks) : IPublisherWriteLock
{
    public Task<IDisposable> AcquireAsync(string publisherId, CancellationToken cancellationToken) => locks.AcquireAsync(publisherId, cancellationToken);
}
