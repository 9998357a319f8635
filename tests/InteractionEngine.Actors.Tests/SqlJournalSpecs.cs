using Akka.Actor;
using Akka.Cluster.Sharding;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Testing;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>The conversation actors on the real Akka.Persistence.Sql journal in PostgreSQL, through sharding.</summary>
public class SqlJournalSpecs(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Events_are_stored_as_json_with_a_stable_manifest_and_the_read_side_tag()
    {
        var id = NewId();
        await using (var node = await EngineNode.StartAsync(database.ConnectionString))
            Assert.Equal(ReplyCode.Accepted, (await node.AskAsync(Inbound(id, "wamid.json", "Olá 👋"))).Code);

        var rows = await JournalRows.ForAsync(database.ConnectionString, ConversationActor.PersistenceIdFor(id));
        Assert.Equal(["InteractionOpened/1", "MessageReceived/1"], rows.Select(r => r.Manifest));
        Assert.All(rows, r => Assert.Equal(Serialization.InteractionSerializer.SerializerId, r.SerializerId));
        Assert.All(rows, r => Assert.Contains(ConversationTagger.Tag, r.Tags));
        Assert.Contains("\"channelMessageId\":\"wamid.json\"", rows[1].Json);
    }

    [Fact]
    public async Task A_correlated_command_tags_its_events_with_the_correlation_id()
    {
        var id = NewId();
        await using (var node = await EngineNode.StartAsync(database.ConnectionString))
        {
            var region = await node.RegionAsync();
            var reply = await region.Ask<Reply>(new CorrelatedCommand(Inbound(id, "wamid.c"), "req-123"), TimeSpan.FromSeconds(10));
            Assert.Equal(ReplyCode.Accepted, reply.Code);
        }
        var rows = await JournalRows.ForAsync(database.ConnectionString, ConversationActor.PersistenceIdFor(id));
        Assert.All(rows, r => Assert.Contains("cid:req-123", r.Tags));
        Assert.All(rows, r => Assert.Contains(ConversationTagger.Tag, r.Tags));
        Assert.Equal(["InteractionOpened/1", "MessageReceived/1"], rows.Select(r => r.Manifest));
    }

    [Fact]
    public async Task A_new_node_on_the_same_database_recovers_every_conversation()
    {
        var id = NewId();
        await using (var node = await EngineNode.StartAsync(database.ConnectionString))
        {
            await node.AskAsync(Inbound(id, "wamid.1"));
            await node.AskAsync(Route(id));
            await node.AskAsync(Send(id, "client-1"));
        }

        await using var restarted = await EngineNode.StartAsync(database.ConnectionString);
        Assert.Equal(ReplyCode.Duplicate, (await restarted.AskAsync(Inbound(id, "wamid.1"))).Code);
        Assert.Equal(ReplyCode.Duplicate, (await restarted.AskAsync(Send(id, "client-1"))).Code);
        Assert.Equal(new MessageRef(1, 3), (await restarted.AskAsync(Inbound(id, "wamid.2"))).Message);
    }

    [Fact]
    public async Task Recovery_starts_from_the_latest_snapshot_in_postgres()
    {
        var id = NewId();
        var options = new ConversationsOptions { SnapshotEvery = 5 };
        await using (var node = await EngineNode.StartAsync(database.ConnectionString, options))
        {
            for (var i = 1; i <= 11; i++) await node.AskAsync(Inbound(id, $"wamid.{i}")); // 12 events
        }
        Assert.Equal(10, await JournalRows.LatestSnapshotSequenceAsync(database.ConnectionString, ConversationActor.PersistenceIdFor(id)));

        await using var restarted = await EngineNode.StartAsync(database.ConnectionString, options);
        Assert.Equal(ReplyCode.Duplicate, (await restarted.AskAsync(Inbound(id, "wamid.3"))).Code);
        Assert.Equal(new MessageRef(1, 12), (await restarted.AskAsync(Inbound(id, "wamid.12"))).Message);
    }

    [Fact]
    public async Task Idle_conversation_passivates_and_comes_back_with_its_state()
    {
        var id = NewId();
        await using var node = await EngineNode.StartAsync(database.ConnectionString, new ConversationsOptions { PassivateIdleAfter = TimeSpan.FromSeconds(1) });
        await node.AskAsync(Inbound(id, "wamid.1"));
        Assert.Equal(1, await LiveEntities(node));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await LiveEntities(node) > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(0, await LiveEntities(node));

        Assert.Equal(ReplyCode.Duplicate, (await node.AskAsync(Inbound(id, "wamid.1"))).Code);
        Assert.Equal(1, await LiveEntities(node));
    }

    [Fact]
    public async Task Idle_timers_are_persisted_and_fire_after_a_restart()
    {
        var id = NewId();
        var policy = new TenantPolicy(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(8), TimeSpan.FromMinutes(10)); // due well after the first node has stopped
        var now = DateTimeOffset.UtcNow;
        await using (var node = await EngineNode.StartAsync(database.ConnectionString, policy: policy))
        {
            await node.AskAsync(Inbound(id, "wamid.1", at: now));
            await node.AskAsync(Route(id, at: now));
            await Task.Delay(300); // let the wake-up reach the registry's journal; stop long before it is due
        }
        var beforeRestart = await JournalRows.ForAsync(database.ConnectionString, ConversationActor.PersistenceIdFor(id));
        Assert.DoesNotContain(beforeRestart, r => r.Manifest == "IdleAlertRaised/1");

        await using var restarted = await EngineNode.StartAsync(database.ConnectionString, policy: policy);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<JournalRows.Row> rows;
        do
        {
            await Task.Delay(250);
            rows = await JournalRows.ForAsync(database.ConnectionString, ConversationActor.PersistenceIdFor(id));
        } while (!rows.Any(r => r.Manifest == "IdleAlertRaised/1") && DateTime.UtcNow < deadline);

        Assert.Contains(rows, r => r.Manifest == "IdleAlertRaised/1");
    }

    private static async Task<int> LiveEntities(EngineNode node)
    {
        var state = await (await node.RegionAsync()).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.Sum(s => s.EntityIds.Count);
    }
}
