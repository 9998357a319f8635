using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Testing;
using Npgsql;

namespace InteractionEngine.Projections.Tests.Pipeline;

public class PipelineSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static ConversationId NewId() => new("acme", "p-" + Guid.NewGuid().ToString("N")[..10]);

    private static ReceiveMessage Inbound(ConversationId id, string wamid) =>
        new(id, ChannelKind.WhatsApp, wamid, $"message {wamid} 👍", [], T0, T0);

    [Fact]
    public async Task Persisted_events_reach_their_marten_stream_in_order_with_journal_coordinates()
    {
        await using var harness = await PipelineHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("pipeline"));
        var id = NewId();
        await harness.Node.AskAsync(Inbound(id, "w1"));
        await harness.Node.AskAsync(new RouteInteraction(id, ChannelKind.WhatsApp, "agent-1", "skill", T0));
        await harness.Node.AskAsync(new SendMessage(id, "agent-1", "c1", "hi", [], T0));
        await harness.CaughtUpAsync();

        var stream = await harness.StreamAsync(id);
        Assert.Equal([typeof(InteractionOpened), typeof(MessageReceived), typeof(InteractionRouted), typeof(MessageSent)],
            stream.Select(e => e.Data.GetType()));
        Assert.Equal([1L, 2L, 3L, 4L], stream.Select(e => e.Version));
        Assert.All(stream, e => Assert.Equal(ConversationActor.PersistenceIdFor(id), e.Headers![JournalEventHeaders.PersistenceId].ToString()));
        Assert.All(stream, e => Assert.Equal("acme", e.Headers![JournalEventHeaders.Tenant].ToString()));
        Assert.Equal(["1", "2", "3", "4"], stream.Select(e => e.Headers![JournalEventHeaders.SequenceNr].ToString()));
        // Each event carries the time it was written: the journal row's (query) or the moment its actor saw it durable (publication).
        Assert.All(stream, e => Assert.True(e.Headers!.ContainsKey(JournalEventHeaders.JournalTimestamp) || e.Headers.ContainsKey(JournalEventHeaders.PersistedAt)));
        await harness.CheckpointReachesAsync(await harness.MaxJournalOrderingAsync());
    }

    [Fact]
    public async Task Events_reach_the_read_models_through_their_actors_without_waiting_for_the_journal_query()
    {
        // The journal query polls once at start and then not for ten minutes: only the actors' publications can deliver.
        await using var harness = await PipelineHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("pipeline"), journalPoll: TimeSpan.FromMinutes(10));
        var id = NewId();
        await harness.Node.AskAsync(Inbound(id, "w1"));
        await harness.Node.AskAsync(Inbound(id, "w2"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<JasperFx.Events.IEvent> stream;
        while ((stream = await harness.StreamAsync(id)).Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.Equal([1L, 2, 3], stream.Select(e => e.Version));
        Assert.All(stream, e => Assert.True(e.Headers!.ContainsKey(JournalEventHeaders.PersistedAt)));
        Assert.All(stream, e => Assert.False(e.Headers!.ContainsKey(JournalEventHeaders.Ordering)));
        Assert.Equal(0, await MartenAppender.LoadCheckpointAsync(harness.Store)); // the durable source has not caught up yet
    }

    [Fact]
    public async Task Events_of_conversations_hosted_on_another_node_reach_the_pipeline_through_the_cluster()
    {
        // Node A runs the pipeline (journal query polling only every ten minutes); node B joins it and hosts some of the
        // conversations, so their publications cross the network (serialized) to reach the pipeline.
        var database = await TestPostgres.CreateDatabaseAsync("pipeline");
        await using var harness = await PipelineHarness.StartAsync(database, journalPoll: TimeSpan.FromMinutes(10));
        await using var second = await EngineNode.StartAsync(database, policy: TenantPolicy.Default with { IdleAlertAfter = null, IdleCloseAfter = null },
            seedNode: harness.Node.Address);
        var mediator = DistributedPubSub.Get(second.System).Mediator;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await mediator.Ask<CurrentTopics>(GetTopics.Instance, TimeSpan.FromSeconds(5))).Topics.Contains(ConversationEventPersisted.Topic))
        {
            Assert.True(DateTime.UtcNow < deadline, "node B never learned of the pipeline's subscription");
            await Task.Delay(100);
        }

        var ids = Enumerable.Range(0, 40).Select(_ => NewId()).ToArray();
        foreach (var id in ids) Assert.Equal(ReplyCode.Accepted, (await second.AskAsync(Inbound(id, "w1"))).Code);

        var onB = await (await second.RegionAsync()).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        Assert.NotEmpty(onB.Shards.SelectMany(s => s.EntityIds)); // some conversations live on node B
        foreach (var id in ids)
        {
            IReadOnlyList<JasperFx.Events.IEvent> stream;
            while ((stream = await harness.StreamAsync(id)).Count < 2 && DateTime.UtcNow < deadline + TimeSpan.FromSeconds(30)) await Task.Delay(20);
            Assert.Equal([1L, 2], stream.Select(e => e.Version));
            Assert.All(stream, e => Assert.True(e.Headers!.ContainsKey(JournalEventHeaders.PersistedAt)));
        }
    }

    [Fact]
    public async Task Crash_between_append_and_checkpoint_gives_no_duplicate_and_no_gap()
    {
        var database = await TestPostgres.CreateDatabaseAsync("pipeline");
        var ids = Enumerable.Range(0, 20).Select(_ => NewId()).ToArray();
        var crashes = 0;
        await using var harness = await PipelineHarness.StartAsync(database, beforeCommit: _ =>
            Interlocked.Increment(ref crashes) <= 3 ? throw new IOException("simulated crash mid-batch") : Task.CompletedTask);
        // Three batches die after being staged in Marten and before commit, as if the process were killed mid-batch.
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 0; i < 5; i++) await harness.Node.AskAsync(Inbound(id, $"w{i}"));
        }));
        await harness.CaughtUpAsync();

        Assert.True(crashes > 3, $"the crash hook ran {crashes} times");
        foreach (var id in ids)
        {
            var stream = await harness.StreamAsync(id);
            Assert.Equal(Enumerable.Range(1, 6).Select(v => (long)v), stream.Select(e => e.Version)); // opened + 5 messages, once each
            Assert.Equal([1L, 2, 3, 4, 5], stream.Select(e => e.Data).OfType<MessageReceived>().Select(m => m.MessageNumber));
        }
    }

    [Fact]
    public async Task Thousand_concurrent_conversations_keep_per_conversation_order()
    {
        await using var harness = await PipelineHarness.StartAsync(await TestPostgres.CreateDatabaseAsync("pipeline"));
        var ids = Enumerable.Range(0, 1000).Select(_ => NewId()).ToArray();
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 0; i < 3; i++) await harness.Node.AskAsync(Inbound(id, $"w{i}"));
        }));
        await harness.CaughtUpAsync();

        await using var session = harness.Store.QuerySession();
        foreach (var id in ids)
        {
            var stream = await session.Events.FetchStreamAsync(id.Value);
            Assert.Equal([1L, 2, 3], stream.Select(e => e.Data).OfType<MessageReceived>().Select(m => m.MessageNumber));
            Assert.Equal(Enumerable.Range(1, stream.Count).Select(v => v.ToString()),
                stream.Select(e => e.Headers![JournalEventHeaders.SequenceNr].ToString()));
        }
    }
}
