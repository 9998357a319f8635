using System.Text.Json;
using InteractionEngine.Projections.EventStore;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Realtime;

/// <summary>
/// One committed read-side change. <see cref="Position"/> is Marten's global event sequence: it only grows,
/// and a client that passes the last one it saw gets exactly what came after.
/// </summary>
public sealed record RealtimeChange(long Position, string ConversationId, long Version, string EventType, JsonElement Event)
{
    public string Tenant => ConversationId[..ConversationId.IndexOf(':')];
}

/// <summary>Reads committed changes from Marten's event table in position order.</summary>
public sealed class ChangeFeed(IDocumentStore store)
{
    private const int PageSize = 1000;
    private readonly MartenEventTables _tables = MartenEventTables.Of(store);

    public async Task<long> MaxPositionAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(_tables.MaxPosition, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Changes after a position, optionally of one conversation or of one tenant's conversations.</summary>
    public async Task<IReadOnlyList<RealtimeChange>> ReadAfterAsync(long after, string? conversationId, string? tenant, CancellationToken ct)
    {
        var scope = conversationId is not null ? StreamScope.One : tenant is not null ? StreamScope.Prefix : StreamScope.All;
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(_tables.ChangesAfter(scope, PageSize), connection);
        command.Parameters.AddWithValue("after", after);
        if (conversationId is not null) command.Parameters.AddWithValue("stream", conversationId);
        if (tenant is not null) command.Parameters.AddWithValue("prefix", tenant + ":%");
        var changes = new List<RealtimeChange>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var data = JsonDocument.Parse(reader.GetString(4));
            changes.Add(new RealtimeChange(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), data.RootElement.Clone()));
        }
        return changes;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
