using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.ReadYourWrites;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Tests.ReadModels;
using InteractionEngine.Testing;
using Marten;

namespace InteractionEngine.Projections.Tests.ReadYourWrites;

/// <summary>The read-your-writes wait, answered from the database: the stream's version for the inline read models, the daemon's progression for the async ones.</summary>
public sealed class ReadSideWaiterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private string _connectionString = null!;
    private DocumentStore _store = null!;
    private MartenAppender _appender = null!;
    private readonly ReadSideCommits _commits = new();
    private ReadSideWaiter _waiter = null!;
    private readonly ConversationScript _ana = new ConversationScript(new ConversationId("acme", "ana"), T0)
        .Receive(ChannelKind.WhatsApp, "wamid.1", "Olá").Route("agent-1").Send("agent-1", "Hi");

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("readyourwrites");
        _store = ReadModelStore.Create(_connectionString);
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _appender = new MartenAppender(_store);
        await _appender.StartAsync(CancellationToken.None);
        _waiter = new ReadSideWaiter(_store, _commits);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    private Task AppendAsync(int upToVersion) => _appender.AppendAsync(
        _ana.Events.Take(upToVersion).Select((e, i) => new FeedItem(_ana.Id.Value, ConversationActor.PersistenceIdFor(_ana.Id), i + 1, e, i + 1, T0, null)).ToList(),
        CancellationToken.None);

    [Fact]
    public async Task A_waiter_is_answered_once_the_pipeline_commits_the_version_and_not_before()
    {
        Assert.False(await _waiter.WaitForAsync(_ana.Id.Value, 1, ReadSideScope.Inline, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        var waiting = _waiter.WaitForAsync(_ana.Id.Value, 3, ReadSideScope.Inline, Long, CancellationToken.None);
        await AppendAsync(2);
        _commits.Committed();
        Assert.False(await _waiter.WaitForAsync(_ana.Id.Value, 3, ReadSideScope.Inline, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.False(waiting.IsCompleted);

        await AppendAsync(3);
        _commits.Committed();
        Assert.True(await waiting);
        Assert.True(await _waiter.WaitForAsync(_ana.Id.Value, 2, ReadSideScope.Inline, Long, CancellationToken.None)); // an older version is there too
    }

    [Fact]
    public async Task Version_zero_needs_nothing_and_a_version_never_written_times_out()
    {
        Assert.True(await _waiter.WaitForAsync("acme:nobody", 0, ReadSideScope.Inline, TimeSpan.FromMilliseconds(1), CancellationToken.None));
        await AppendAsync(_ana.Events.Count);
        Assert.False(await _waiter.WaitForAsync(_ana.Id.Value, 1_000, ReadSideScope.Inline, TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task The_async_scope_waits_for_the_daemon_to_pass_the_event()
    {
        await AppendAsync(_ana.Events.Count);
        var version = _ana.Events.Count;
        Assert.True(await _waiter.WaitForAsync(_ana.Id.Value, version, ReadSideScope.Inline, Long, CancellationToken.None));
        Assert.False(await _waiter.WaitForAsync(_ana.Id.Value, version, ReadSideScope.WithAsync, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        using var daemon = await _store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        Assert.True(await _waiter.WaitForAsync(_ana.Id.Value, version, ReadSideScope.WithAsync, Long, CancellationToken.None));
        await daemon.StopAllAsync();
    }

    [Fact]
    public void A_commit_completes_the_waits_taken_before_it_and_not_those_taken_after()
    {
        var before = _commits.Next();
        Assert.Same(before, _commits.Next());
        _commits.Committed();
        Assert.True(before.IsCompletedSuccessfully);
        Assert.False(_commits.Next().IsCompleted);
    }
}
