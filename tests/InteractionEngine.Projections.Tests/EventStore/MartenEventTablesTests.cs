using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Tests.ReadModels;
using InteractionEngine.Testing;
using Marten;
using Npgsql;

namespace InteractionEngine.Projections.Tests.EventStore;

/// <summary>
/// The guard for a Marten upgrade: the tables <see cref="MartenEventTables"/> names are the ones the configured store
/// creates, and every statement it owns runs against a schema Marten built (with the results the callers rely on).
/// </summary>
public sealed class MartenEventTablesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private string _connectionString = null!;
    private DocumentStore _store = null!;
    private MartenEventTables _tables = null!;
    private ConversationScript _ana = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("eventtables");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _tables = MartenEventTables.Of(_store);
        _ana = new ConversationScript(new ConversationId("acme", "ana"), T0)
            .Receive(ChannelKind.WhatsApp, "wamid.1", "Olá").Route("agent-1").Send("agent-1", "Hi");
        var appender = new MartenAppender(_store);
        await appender.StartAsync(CancellationToken.None);
        await appender.AppendAsync(_ana.Events.Select((e, i) => new FeedItem(_ana.Id.Value, ConversationActor.PersistenceIdFor(_ana.Id), i + 1, e, i + 1, T0, null)).ToList(),
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public void The_tables_named_are_the_ones_the_configured_store_creates()
    {
        var configured = _store.Storage.AllObjects().Select(o => $"\"{o.Identifier.Schema}\".{o.Identifier.Name}").ToHashSet();
        Assert.Equal("read_model", _tables.Schema);
        Assert.Contains(_tables.Events, configured);
        Assert.Contains(_tables.Streams, configured);
        Assert.Contains(_tables.EventSequence, configured);
        Assert.Contains(_tables.Progression, configured);
    }

    [Fact]
    public async Task The_feed_statements_append_and_read_stream_versions()
    {
        var versions = await RowsAsync(_tables.StreamVersions, r => (r.GetString(0), r.GetInt64(1)), new NpgsqlParameter { Value = new[] { _ana.Id.Value, "acme:nobody" } });
        Assert.Equal([(_ana.Id.Value, (long)_ana.Events.Count)], versions);
        await using var session = _store.QuerySession();
        Assert.Equal(_ana.Events.Count, (await session.Events.FetchStreamAsync(_ana.Id.Value)).Count);
    }

    [Fact]
    public async Task The_read_statements_see_the_events()
    {
        var latest = await RowsAsync(_tables.LatestEventOfTypePerStream, r => r.GetString(0),
            new NpgsqlParameter("ids", new[] { _ana.Id.Value }), new NpgsqlParameter("type", Manifests.ByType[typeof(MessageReceived)]));
        Assert.Equal([_ana.Id.Value], latest);

        var max = await ScalarAsync<long>(_tables.MaxPosition);
        Assert.True(max >= _ana.Events.Count);
        foreach (var (scope, parameter) in new[] { (StreamScope.All, null), (StreamScope.One, new NpgsqlParameter("stream", _ana.Id.Value)), (StreamScope.Prefix, new NpgsqlParameter("prefix", "acme:%")) })
        {
            var parameters = new List<NpgsqlParameter> { new("after", (object)0L) };
            if (parameter is not null) parameters.Add(parameter);
            var changes = await RowsAsync(_tables.ChangesAfter(scope, 2), r => r.GetInt64(0), parameters.ToArray());
            Assert.Equal(2, changes.Count);
        }

        var filter = MartenEventTables.ExportFilter(oneStream: false, from: true, to: true);
        var count = await ScalarAsync<long>(_tables.CountEvents(filter),
            new NpgsqlParameter("prefix", "acme:"), new NpgsqlParameter("from", T0.AddDays(-1)), new NpgsqlParameter("to", T0.AddDays(1)));
        Assert.Equal(_ana.Events.Count, count);
        Assert.Equal(_ana.Events.Count, await ScalarAsync<long>(_tables.CountEvents()));

        await using var connection = await OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var declare = new NpgsqlCommand(_tables.DeclareExportCursor("c", MartenEventTables.ExportFilter(true, false, false)), connection, tx))
        {
            declare.Parameters.AddWithValue("stream", _ana.Id.Value);
            declare.Parameters.AddWithValue("prefix", "acme:");
            await declare.ExecuteNonQueryAsync();
        }
        await using var fetch = new NpgsqlCommand("fetch forward 100 from c", connection, tx);
        await using var reader = await fetch.ExecuteReaderAsync();
        var fetched = 0;
        while (await reader.ReadAsync()) fetched++;
        Assert.Equal(_ana.Events.Count, fetched);
    }

    [Fact]
    public async Task The_maintenance_statements_run()
    {
        Assert.True(await ScalarAsync<bool>(_tables.EventTableExists));
        Assert.True(await ScalarAsync<bool>(_tables.AnyEvent));
        Assert.False(await ScalarAsync<bool>(new MartenEventTables("no_such_schema").EventTableExists));
        Assert.Equal(0L, await ScalarAsync<long>(_tables.LowestProgressionOf(["InteractionKpi"])));

        await using (var connection = await OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await new NpgsqlCommand(_tables.LockEventsExclusively, connection, tx).ExecuteNonQueryAsync();
            Assert.Equal(0L, Convert.ToInt64(await new NpgsqlCommand(_tables.CancelEventLockWaiters, connection, tx).ExecuteScalarAsync()));
            await tx.RollbackAsync();
        }

        // A copy into another schema, as verify makes it: streams, events renumbered through a plain table, the sequence moved on.
        await using var copyStore = ReadModelStore.Create(_connectionString, "copy");
        await copyStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var copy = MartenEventTables.Of(copyStore);
        const string streamColumns = "id, type, version, timestamp, tenant_id";
        const string eventColumns = "seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, headers";
        await ExecuteAsync(copy.CopyStreamsFrom(_tables, streamColumns));
        await ExecuteAsync(_tables.SnapshotEventsInto("copy.all_events", eventColumns));
        await ExecuteAsync(copy.InsertEventsFrom("copy.all_events", eventColumns, "live_seq_id <= 2"));
        await ExecuteAsync(copy.InsertEventsFrom("copy.all_events", eventColumns, "live_seq_id > 2"));
        await ExecuteAsync(copy.ResetSequenceToLastEvent);
        Assert.Equal(_ana.Events.Count, await ScalarAsync<long>(copy.CountEvents()));
        await using var session = copyStore.QuerySession();
        Assert.Equal(_ana.Events.Count, (await session.Events.FetchStreamAsync(_ana.Id.Value)).Count);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
    }

    private async Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> map, params NpgsqlParameter[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }
}
