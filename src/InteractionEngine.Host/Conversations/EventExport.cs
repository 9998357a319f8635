using System.Runtime.CompilerServices;
using System.Text.Json;
using InteractionEngine.Host.Database;
using InteractionEngine.Projections.Store;
using Npgsql;

namespace InteractionEngine.Host.Conversations;

/// <summary>A tenant's events in event-time order within a range, read with a server-side cursor (constant memory).</summary>
public sealed class EventExport(EngineDatabase database)
{
    public sealed record ExportedEvent(long Position, string ConversationId, long Version, string Type, DateTimeOffset At, JsonElement Data);

    public async IAsyncEnumerable<ExportedEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        // "at" is the time the event happened (from the command), the same clock the transcript shows.
        await using var command = new NpgsqlCommand($"""
            select seq_id, stream_id, version, type, (data->>'at')::timestamptz as at, data::text
            from {ReadModelStore.DefaultSchema}.mt_events
            where stream_id like @prefix and (data->>'at')::timestamptz between @from and @to
            order by seq_id
            """, connection);
        command.Parameters.AddWithValue("prefix", tenant + ":%");
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var position = reader.GetInt64(0);
            var stream = reader.GetString(1);
            var version = reader.GetInt64(2);
            var type = reader.GetString(3);
            var at = reader.GetFieldValue<DateTimeOffset>(4);
            using var data = JsonDocument.Parse(reader.GetString(5));
            yield return new ExportedEvent(position, stream, version, type, at, data.RootElement.Clone());
        }
    }
}

/// <summary>Writes events as JSON lines while reading them, flushing as it goes.</summary>
public sealed class EventStreamResult(EventExport export, string tenant, DateTimeOffset from, DateTimeOffset to) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/x-ndjson";
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var count = 0;
        await foreach (var e in export.ReadAsync(tenant, from, to, http.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(http.Response.Body, e, options, http.RequestAborted);
            await http.Response.Body.WriteAsync("\n"u8.ToArray(), http.RequestAborted);
            if (++count % 500 == 0) await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }
}
