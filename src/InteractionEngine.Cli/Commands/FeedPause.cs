using InteractionEngine.Cli.Infrastructure;
using InteractionEngine.Projections.EventStore;
using Npgsql;

namespace InteractionEngine.Cli.Commands;

/// <summary>
/// Pauses the journal→Marten feed of a running engine without stopping it: an EXCLUSIVE lock on Marten's event
/// table (<see cref="MartenEventTables.LockEventsExclusively"/>) lets every reader through (the rebuild reads all events) but makes the feed's append wait. Commands are
/// still accepted (they go to the Akka journal); the read side just lags until the lock is released and then
/// catches up from its checkpoint.
/// <para>
/// A feed batch that was waiting for the lock loaded its documents before or during the rebuild, so its write
/// would be based on stale documents. Before releasing, every backend waiting on the table is cancelled (for a
/// short grace period, to catch one that loaded and is just about to append); the feed treats that as a failed
/// batch and restarts from its committed checkpoint, reloading the rebuilt documents.
/// </para>
/// </summary>
public sealed class FeedPause : IAsyncDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly MartenEventTables _tables;

    private FeedPause(NpgsqlConnection connection, NpgsqlTransaction transaction, MartenEventTables tables)
    {
        _connection = connection;
        _transaction = transaction;
        _tables = tables;
    }

    public static async Task<FeedPause> AcquireAsync(string connectionString, string schema, CancellationToken ct)
    {
        var tables = new MartenEventTables(schema);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            // Waits for an append in flight to commit; a feed stuck for longer is an error worth stopping for.
            await Sql.ExecuteAsync(connection, "set local lock_timeout = '60s'", ct, transaction);
            await Sql.ExecuteAsync(connection, tables.LockEventsExclusively, ct, transaction);
        }
        catch (PostgresException e)
        {
            await connection.DisposeAsync();
            throw new CliException($"could not pause the read-side feed ({e.MessageText})");
        }
        return new FeedPause(connection, transaction, tables);
    }

    /// <summary>Cancels the backends waiting for the lock (stale feed batches); returns how many.</summary>
    public async Task<int> CancelWaitersAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(_tables.CancelEventLockWaiters, _connection, _transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var until = DateTime.UtcNow + Grace;
            while (DateTime.UtcNow < until)
            {
                await CancelWaitersAsync(CancellationToken.None);
                await Task.Delay(100);
            }
            await _transaction.CommitAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
