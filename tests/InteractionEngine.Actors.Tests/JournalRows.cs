using Npgsql;

namespace InteractionEngine.Actors.Tests;

/// <summary>Reads the Akka.Persistence.Sql tables directly, as an operator would in psql.</summary>
internal static class JournalRows
{
    public sealed record Row(long SequenceNr, string Manifest, int SerializerId, string Tags, string Json);

    public static async Task<IReadOnlyList<Row>> ForAsync(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select sequence_number, manifest, identifier, coalesce(tags, ''), convert_from(message, 'UTF8') from journal where persistence_id = @id order by sequence_number",
            connection);
        command.Parameters.AddWithValue("id", persistenceId);
        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    public static async Task<long?> LatestSnapshotSequenceAsync(string connectionString, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select max(sequence_number) from snapshot where persistence_id = @id", connection);
        command.Parameters.AddWithValue("id", persistenceId);
        return await command.ExecuteScalarAsync() as long?;
    }
}
