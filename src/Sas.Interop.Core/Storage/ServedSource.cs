using Sas.Interop.Core.Sync;

namespace Sas.Interop.Core.Storage;

/// <summary>
/// A source whose data the hub serves: an enabled connector instance, limited to its roster when the connector
/// declares one, or a configured push publisher (<c>push-&lt;id&gt;</c>, no roster).
/// </summary>
public sealed record ServedSource(string SourceInstance, SourceRoster? Roster);
