using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.Pipeline;

/// <summary>
/// A copy of every table of the read side's schema (events, streams, documents, checkpoint), restored on demand: what a
/// server crash that lost the commits made since looks like to the next reader.
/// </summary>
public sealed class ReadSideSnapshot
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly IReadOnlyList<string> _tables;

    private ReadSideSnapshot(string connectionString, string schema, IReadOnlyList<string> tables) =>
        (_connectionString, _schema, _tables) = (connectionString, schema, tables);

    public static async Task<ReadSideSnapshot> TakeAsync(IDocumentStore store)
    {
        var connectionString = store.Storage.Database.CreateConnection().ConnectionString;
        var schema = store.Options.Events.DatabaseSchemaName;
        var tables = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var list = new NpgsqlCommand(
                         "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' and table_name not like 'snapshot_%'",
                         connection) { Parameters = { new() { Value = schema } } })
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables) await ExecuteAsync(connection, $"create table {schema}.snapshot_{table} as table {schema}.{table}");
        return new ReadSideSnapshot(connectionString, schema, tables);
    }

    public async Task RestoreAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"truncate {string.Join(", ", _tables.Select(t => $"{_schema}.{t}"))}");
        // Streams before events (the events reference them).
        foreach (var table in _tables.OrderBy(t => t == "mt_streams" ? 0 : 1))
            await ExecuteAsync(connection, $"insert into {_schema}.{table} table {_schema}.snapshot_{table}");
        await tx.CommitAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
