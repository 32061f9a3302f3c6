using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Store;

/// <summary>
/// A PostgreSQL session advisory lock per connector instance, held on a connection of its own for the length of a
/// sync. Quartz's clustered store already keeps scheduled runs apart; this also covers the admin's "sync now",
/// which runs outside Quartz, on whichever node the load balancer picked. A node that dies drops its connection,
/// and PostgreSQL releases the lock with it: nothing to clean up.
/// </summary>
internal sealed class PostgresAdvisorySyncLock(string connectionString) : ISyncLock
{
    public async Task<IAsyncDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
            command.Parameters.AddWithValue(Key(instanceId));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection, Key(instanceId));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // A stable 64-bit key from the instance id (namespaced, so other users of advisory locks do not collide).
    internal static long Key(string instanceId) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("sas-interop-sync:" + instanceId)).AsSpan(0, 8));

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                command.Parameters.AddWithValue(key);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            finally
            {
                // Closing the session would release it anyway; the explicit unlock keeps a pooled connection clean.
                await connection.DisposeAsync();
            }
        }
    }
}
