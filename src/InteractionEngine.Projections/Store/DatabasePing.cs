using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Store;

/// <summary>Asks PostgreSQL (the journal's and the read side's server) for an answer: the readiness probe's database check.</summary>
public sealed class DatabasePing(IDocumentStore store)
{
    /// <summary>Throws what the connection or the query threw when the server does not answer.</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(ct);
    }
}
