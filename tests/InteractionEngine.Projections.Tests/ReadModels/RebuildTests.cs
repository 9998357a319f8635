using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>A rebuild from Marten's events gives exactly the documents the live projections wrote.</summary>
public sealed class RebuildTests(ReadModelFixture fixture) : IClassFixture<ReadModelFixture>
{
    private static readonly Type[] DocumentTypes = [typeof(TranscriptLine), typeof(TranscriptHead), typeof(ContactSummary), typeof(InteractionKpi),
        typeof(AgentStatus), typeof(QueueEntry)];

    [Fact]
    public async Task Rebuilding_each_projection_and_all_of_them_reproduces_the_live_documents()
    {
        await fixture.StopDaemonAsync(); // the rebuild runs its own daemon, as the CLI would with the feed paused
        var live = await Snapshot(fixture.Store);
        Assert.True(live[typeof(TranscriptLine)].Count > 30);
        Assert.True(live[typeof(InteractionKpi)].Count >= 5);
        Assert.Equal(2, live[typeof(AgentStatus)].Count);
        Assert.True(live[typeof(QueueEntry)].Count >= 3);

        // Damage every read model so that a rebuild that did nothing could not pass.
        await Execute(fixture.Store, $"update {Table<ContactSummary>(fixture.Store)} set data = jsonb_set(data, '{{unreadCount}}', '999')");
        await Execute(fixture.Store, $"delete from {Table<TranscriptLine>(fixture.Store)} where data ->> 'kind' = 'Notification'");
        await Execute(fixture.Store, $"delete from {Table<InteractionKpi>(fixture.Store)}");
        await Execute(fixture.Store, $"delete from {Table<AgentStatus>(fixture.Store)}");
        await Execute(fixture.Store, $"update {Table<QueueEntry>(fixture.Store)} set data = jsonb_set(data, '{{waiting}}', 'true')");

        var rebuilder = new ProjectionRebuilder(fixture.Store);
        foreach (var name in ProjectionRebuilder.ProjectionNames) await rebuilder.RebuildAsync(name);
        AssertSame(live, await Snapshot(fixture.Store));

        await rebuilder.RebuildAllAsync();
        AssertSame(live, await Snapshot(fixture.Store));
    }

    [Fact]
    public async Task Rebuild_in_tiny_batches_still_matches_when_messages_and_their_statuses_land_in_different_batches()
    {
        await fixture.StopDaemonAsync();
        var live = await Snapshot(fixture.Store);

        using var tinyBatches = DocumentStore.For(options =>
        {
            ReadModelStore.Configure(options, fixture.ConnectionString);
            foreach (var projection in options.Projections.All.OfType<ProjectionBase>()) projection.Options.BatchSize = 3;
        });
        await new ProjectionRebuilder(tinyBatches).RebuildAllAsync();
        AssertSame(live, await Snapshot(fixture.Store));
    }

    [Fact]
    public async Task Martens_own_rebuild_without_deleting_documents_first_also_matches()
    {
        await fixture.StopDaemonAsync();
        var live = await Snapshot(fixture.Store);

        // As Marten's CLI would run it: existing heads and lines stay in place while the events replay.
        using var daemon = await fixture.Store.BuildProjectionDaemonAsync();
        foreach (var name in ProjectionRebuilder.ProjectionNames)
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(1), CancellationToken.None);
        AssertSame(live, await Snapshot(fixture.Store));
    }

    [Fact]
    public void Unknown_projection_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ProjectionRebuilder(fixture.Store).RebuildAsync("Nope").GetAwaiter().GetResult());
    }

    private static void AssertSame(Dictionary<Type, List<(string Id, string Json)>> expected, Dictionary<Type, List<(string Id, string Json)>> actual)
    {
        foreach (var type in DocumentTypes)
        {
            Assert.Equal(expected[type].Select(d => d.Id), actual[type].Select(d => d.Id));
            Assert.Equal(expected[type], actual[type]);
        }
    }

    /// <summary>Every document of every read model as stored (jsonb text), ordered by id.</summary>
    private static async Task<Dictionary<Type, List<(string Id, string Json)>>> Snapshot(IDocumentStore store)
    {
        var result = new Dictionary<Type, List<(string, string)>>();
        await using var session = store.QuerySession();
        foreach (var type in DocumentTypes)
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var reader = await session.ExecuteReaderAsync(new NpgsqlCommand($"select id, data::text from {table} order by id"), default);
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
            result[type] = rows;
        }
        return result;
    }

    private static string Table<T>(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private static async Task Execute(IDocumentStore store, string sql)
    {
        await using var session = store.LightweightSession();
        session.QueueSqlCommand(sql);
        await session.SaveChangesAsync();
    }
}
