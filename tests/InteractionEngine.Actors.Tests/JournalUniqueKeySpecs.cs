using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Testing;
using Npgsql;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>
/// The last defence of "one writer per conversation" (docs/reliability.md): should two incarnations of a conversation
/// ever run at once, the journal refuses the second event with a sequence number already taken.
/// </summary>
public class JournalUniqueKeySpecs(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task The_journal_refuses_a_second_event_with_a_taken_sequence_number()
    {
        var id = NewId();
        await using (var node = await EngineNode.StartAsync(database.ConnectionString))
            Assert.Equal(ReplyCode.Accepted, (await node.AskAsync(Inbound(id, "wamid.key"))).Code);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_name = 'journal' and column_name <> 'ordering' order by ordinal_position", connection))
        await using (var rows = await list.ExecuteReaderAsync())
            while (await rows.ReadAsync()) columns.Add('"' + rows.GetString(0) + '"');
        var copy = string.Join(", ", columns);
        // What a second writer recovered at the same point would append: the same persistence id and sequence number.
        await using var insert = new NpgsqlCommand(
            $"insert into journal ({copy}) select {copy} from journal where persistence_id = @id and sequence_number = 2", connection);
        insert.Parameters.AddWithValue("id", ConversationActor.PersistenceIdFor(id));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
    }
}
