using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Tests.ReadModels;
using InteractionEngine.Testing;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.Pipeline;

/// <summary>
/// The feed writes Marten's event tables itself, set-based. Its rows must be the ones Marten's quick append writes for
/// the same events (type names, JSON, headers, versions, tenant, stream row), and Marten must read them back as events.
/// </summary>
public class EventTableAppendTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private DocumentStore _store = null!;
    private DocumentStore _marten = null!;
    private string _connectionString = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("eventtable");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // The same configuration in a schema of its own, written by Marten's own quick append for comparison.
        _marten = ReadModelStore.Create(_connectionString, "marten_append");
        await _marten.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _marten.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Event_and_stream_rows_are_the_ones_Marten_quick_append_writes()
    {
        var script = new ConversationScript(new ConversationId("acme", "rows-" + Guid.NewGuid().ToString("N")[..8]), T0)
            .Receive(ChannelKind.WhatsApp, "wamid.1", "Olá 👋 日本").Route("agent-1").Send("agent-1", "✅ done");
        var id = script.Id;
        var appender = new MartenAppender(_store);
        await appender.StartAsync(CancellationToken.None);
        // Two batches: a new stream, then an existing one.
        await appender.AppendAsync(Items(id, script.Events.Take(2)), CancellationToken.None);
        await appender.AppendAsync(Items(id, script.Events.Skip(2), first: 3), CancellationToken.None);

        IReadOnlyList<JasperFx.Events.IEvent> stored;
        await using (var session = _store.QuerySession()) stored = await session.Events.FetchStreamAsync(id.Value);
        foreach (var batch in new[] { stored.Take(2), stored.Skip(2) })
        {
            await using var session = _marten.LightweightSession();
            session.Events.Append(id.Value, batch.Select(Copy).ToArray());
            await session.SaveChangesAsync();
        }

        const string eventRows = "select version, type, data, tenant_id, mt_dotnet_type, is_archived, headers, bdata from {0}.mt_events where stream_id = @id order by seq_id";
        const string streamRows = "select type, version, tenant_id, compacted_version, is_archived from {0}.mt_streams where id = @id";
        var ours = await RowsAsync(string.Format(eventRows, "read_model"), id.Value);
        Assert.Equal(script.Events.Count, ours.Count);
        Assert.Equal(await RowsAsync(string.Format(eventRows, "marten_append"), id.Value), ours);
        Assert.Equal(await RowsAsync(string.Format(streamRows, "marten_append"), id.Value), await RowsAsync(string.Format(streamRows, "read_model"), id.Value));

        await using var read = _store.QuerySession();
        var events = await read.Events.FetchStreamAsync(id.Value);
        Assert.Equal(script.Events.Select(e => e.GetType()), events.Select(e => e.Data.GetType()));
        Assert.Equal(Enumerable.Range(1, script.Events.Count).Select(v => (long)v), events.Select(e => e.Version));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.Item1.Sequence < p.Item2.Sequence));
    }

    private static List<FeedItem> Items(ConversationId id, IEnumerable<IConversationEvent> events, int first = 1) =>
        events.Select((e, i) => new FeedItem(id.Value, ConversationActor.PersistenceIdFor(id), first + i, e, 40 + first + i, T0, "req-1")).ToList();

    private static object Copy(JasperFx.Events.IEvent stored)
    {
        var e = (JasperFx.Events.IEvent)Activator.CreateInstance(typeof(JasperFx.Events.Event<>).MakeGenericType(stored.Data.GetType()), stored.Data)!;
        foreach (var (key, value) in stored.Headers!) e.SetHeader(key, value);
        return e;
    }

    private async Task<List<string>> RowsAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
        return rows;
    }
}
