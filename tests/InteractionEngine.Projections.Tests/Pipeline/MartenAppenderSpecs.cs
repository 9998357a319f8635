using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Tests.ReadModels;
using InteractionEngine.Testing;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace InteractionEngine.Projections.Tests.Pipeline;

/// <summary>
/// Each event reaches Marten once, whichever input brings it first: the actor's publication (no journal ordering) or
/// the journal query (in order, with its ordering), in any interleaving.
/// </summary>
public class MartenAppenderSpecs : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = ReadModelStore.Create(await TestPostgres.CreateDatabaseAsync("appender"));
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_published_event_ahead_of_its_conversation_waits_for_the_journal_query()
    {
        var (id, events) = Conversation(3);
        var appender = await FreshAppenderAsync();

        // Event 1's publication was lost; event 2's arrives first: it cannot be applied before 1.
        var early = await appender.AppendAsync([Published(id, 2, events[1])], CancellationToken.None);
        Assert.Empty(early.Appended);

        var fromJournal = await appender.AppendAsync([Journal(id, 1, events[0], 101), Journal(id, 2, events[1], 102)], CancellationToken.None);
        Assert.Equal([1L, 2], fromJournal.Appended.Select(i => i.SequenceNr));
        var late = await appender.AppendAsync([Published(id, 2, events[1]), Published(id, 3, events[2])], CancellationToken.None);
        Assert.Equal([3L], late.Appended.Select(i => i.SequenceNr));

        var stream = await StreamAsync(id);
        Assert.Equal([1L, 2, 3], stream.Select(e => e.Version));
        Assert.Equal(["101", "102", null], stream.Select(e => e.Headers!.GetValueOrDefault(JournalEventHeaders.Ordering)?.ToString()));
        Assert.NotNull(stream[2].Headers![JournalEventHeaders.PersistedAt]);
        Assert.Equal(102, await MartenAppender.LoadCheckpointAsync(_store));
    }

    [Fact]
    public async Task Journal_events_that_came_earlier_through_their_actor_are_skipped_and_only_move_the_checkpoint()
    {
        var (id, events) = Conversation(2);
        var appender = await FreshAppenderAsync();
        await appender.AppendAsync([Published(id, 1, events[0]), Published(id, 2, events[1])], CancellationToken.None);

        var confirmed = await appender.AppendAsync([Journal(id, 1, events[0], 7), Journal(id, 2, events[1], 8)], CancellationToken.None);

        Assert.Empty(confirmed.Appended);
        Assert.Equal(8, confirmed.Ordering);
        Assert.Equal(2, (await StreamAsync(id)).Count);
        Assert.Equal(0, await MartenAppender.LoadCheckpointAsync(_store)); // nothing was committed for the skipped batch…
        await appender.FlushCheckpointAsync(CancellationToken.None);
        Assert.Equal(8, await MartenAppender.LoadCheckpointAsync(_store)); // …until the pipeline's periodic flush
    }

    [Fact]
    public async Task After_a_restart_the_applied_positions_come_from_the_database()
    {
        var (id, events) = Conversation(2);
        var first = await FreshAppenderAsync();
        await first.AppendAsync([Published(id, 1, events[0]), Published(id, 2, events[1])], CancellationToken.None);

        var restarted = new MartenAppender(_store);
        await restarted.StartAsync(CancellationToken.None);
        var replayed = await restarted.AppendAsync([Journal(id, 1, events[0], 1), Journal(id, 2, events[1], 2)], CancellationToken.None);

        Assert.Empty(replayed.Appended);
        Assert.Equal(2, (await StreamAsync(id)).Count);
    }

    [Fact]
    public async Task A_journal_event_that_skips_one_stops_the_feed_and_commits_nothing()
    {
        var (id, events) = Conversation(3);
        var appender = await FreshAppenderAsync();
        await appender.AppendAsync([Journal(id, 1, events[0], 1)], CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            appender.AppendAsync([Journal(id, 3, events[2], 3)], CancellationToken.None));

        Assert.Single(await StreamAsync(id));
        Assert.Equal(1, await MartenAppender.LoadCheckpointAsync(_store));
    }

    [Fact]
    public async Task Published_events_run_the_inline_projections_like_journal_events()
    {
        var (id, events) = Conversation(3);
        var appender = await FreshAppenderAsync();
        await appender.AppendAsync(events.Select((e, i) => Published(id, i + 1, e)).ToList(), CancellationToken.None);

        await using var session = _store.QuerySession();
        var summary = await session.LoadAsync<ContactSummary>(id.Value);
        Assert.Equal(2, summary!.UnreadCount);
    }

    [Fact]
    public async Task A_commit_the_server_took_back_stops_the_feed_and_a_restart_copies_its_events_again()
    {
        var (id, events) = Conversation(3);
        var appender = await FreshAppenderAsync();
        await appender.AppendAsync([Journal(id, 1, events[0], 1)], CancellationToken.None);
        var beforeLostCommit = await ReadSideSnapshot.TakeAsync(_store);
        await appender.AppendAsync([Journal(id, 2, events[1], 2)], CancellationToken.None);

        // The read side commits without waiting for its flush: a server crash can take the last commit back.
        await beforeLostCommit.RestoreAsync();

        var afterCrash = await Assert.ThrowsAsync<ConcurrentUpdateException>(() =>
            appender.AppendAsync([Published(id, 3, events[2])], CancellationToken.None));
        Assert.Equal(CheckpointGuard.SqlState, Assert.IsType<PostgresException>(afterCrash.InnerException).SqlState);
        Assert.Single(await StreamAsync(id)); // nothing written on top of the hole

        Assert.Equal(1, await appender.StartAsync(CancellationToken.None));
        var again = await appender.AppendAsync([Journal(id, 2, events[1], 2), Journal(id, 3, events[2], 3)], CancellationToken.None);
        Assert.Equal([2L, 3], again.Appended.Select(i => i.SequenceNr));
        Assert.Equal([1L, 2, 3], (await StreamAsync(id)).Select(e => e.Version));
        await using var session = _store.QuerySession();
        Assert.Equal(2, (await session.LoadAsync<ContactSummary>(id.Value))!.UnreadCount); // two messages, each counted once
    }

    [Fact]
    public async Task After_a_failed_batch_the_next_ones_apply_its_events_once()
    {
        var (x, xEvents) = Conversation(1);
        var (y, yEvents) = Conversation(2);
        var failNext = false;
        var appender = await FreshAppenderAsync();
        appender.BeforeCommit = _ => failNext ? throw new InvalidOperationException("the commit failed") : Task.CompletedTask;
        await appender.AppendAsync([Journal(y, 1, yEvents[0], 1)], CancellationToken.None);

        failNext = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => appender.AppendAsync([Journal(y, 2, yEvents[1], 2)], CancellationToken.None));
        failNext = false;
        await appender.AppendAsync([Published(x, 1, xEvents[0])], CancellationToken.None);
        await appender.AppendAsync([Journal(y, 2, yEvents[1], 2)], CancellationToken.None);

        await using var session = _store.QuerySession();
        Assert.Equal(1, (await session.LoadAsync<ContactSummary>(y.Value))!.UnreadCount); // its message counted once
        Assert.Equal([1L, 2], (await StreamAsync(y)).Select(e => e.Version));
    }

    /// <summary>An appender as the pipeline starts one on an empty read side.</summary>
    private async Task<MartenAppender> FreshAppenderAsync()
    {
        var appender = new MartenAppender(_store);
        await appender.StartAsync(CancellationToken.None);
        return appender;
    }

    private static (ConversationId Id, IReadOnlyList<IConversationEvent> Events) Conversation(int count)
    {
        var script = new ConversationScript(new ConversationId("acme", "ap-" + Guid.NewGuid().ToString("N")[..10]), T0);
        for (var i = 0; script.Events.Count < count; i++) script.Seconds(1).Receive(ChannelKind.WebChat, $"web.{i}", $"hello {i}");
        return (script.Id, script.Events.Take(count).ToList());
    }

    private static FeedItem Published(ConversationId id, long sequenceNr, IConversationEvent e) =>
        new(id.Value, ConversationActor.PersistenceIdFor(id), sequenceNr, e, null, T0, null);

    private static FeedItem Journal(ConversationId id, long sequenceNr, IConversationEvent e, long ordering) =>
        new(id.Value, ConversationActor.PersistenceIdFor(id), sequenceNr, e, ordering, T0, null);

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(ConversationId id)
    {
        await using var session = _store.QuerySession();
        return await session.Events.FetchStreamAsync(id.Value);
    }
}
