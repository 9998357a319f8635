using InteractionEngine.Actors.Conversations;
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
        Assert.Equal(ConversationActor.PersistenceIdFor(id), stream[0].Headers![JournalEventHeaders.PersistenceId].ToString());
        Assert.Equal("acme", stream[0].Headers![JournalEventHeaders.Tenant].ToString());
        Assert.Equal(await harness.MaxJournalOrderingAsync(), await MartenAppender.LoadCheckpointAsync(harness.Store));
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
            Assert.Equal(stream.Select(e => long.Parse(e.Headers![JournalEventHeaders.Ordering].ToString()!)).Order(),
                stream.Select(e => long.Parse(e.Headers![JournalEventHeaders.Ordering].ToString()!)));
        }
    }
}
