using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Sas.Interop.Store;

/// <summary>
/// Applies the per-connection SQLite settings on every connection EF opens. <c>journal_mode=WAL</c> is stored in
/// the file, but <c>synchronous</c> and <c>cache_size</c> are per connection: set once at start-up they only
/// reached the initializer's connection, and every sync commit paid a full fsync (WAL default FULL).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // NORMAL in WAL mode: a commit survives a process crash; only a power loss can drop the last transactions.
    // cache_size: 16 MiB of pages per connection (default 2 MiB) so index pages of a large store stay in memory.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
