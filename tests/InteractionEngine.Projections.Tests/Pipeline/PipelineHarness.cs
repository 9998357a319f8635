using Akka.Hosting;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InteractionEngine.Projections.Tests.Pipeline;

/// <summary>An engine node (SQL journal, sharding) plus the journal→Marten pipeline, on one test database.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public required EngineNode Node { get; init; }
    public required DocumentStore Store { get; init; }
    public required PipelineStatus Status { get; init; }
    public required string ConnectionString { get; init; }

    /// <param name="journalPoll">How often the journal query polls (the engine's default when null).</param>
    public static async Task<PipelineHarness> StartAsync(string connectionString, Func<IReadOnlyList<FeedItem>, Task>? beforeCommit = null,
        TimeSpan? journalPoll = null)
    {
        var store = ReadModelStore.Create(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var status = new PipelineStatus();
        var appender = new MartenAppender(store) { BeforeCommit = beforeCommit };
        var options = new PipelineOptions { RestartBackoff = TimeSpan.FromMilliseconds(100) };
        // Idle timers off: the specs write with a fixed past time, which a real-clock idle close would follow with events of its own.
        var node = await EngineNode.StartAsync(connectionString, policy: TenantPolicy.Default with { IdleAlertAfter = null, IdleCloseAfter = null },
            services: s => s.AddSingleton<IDocumentStore>(store).AddSingleton(status),
            akka: a =>
            {
                if (journalPoll is { } poll)
                    a.AddHocon($"akka.persistence.query.journal.sql.refresh-interval = {(int)poll.TotalMilliseconds}ms", HoconAddMode.Prepend);
                a.WithActors((system, _) =>
                    system.ActorOf(ReadSidePipelineActor.Props(store, options, status, TimeProvider.System, appender), "pipeline"));
            });
        return new PipelineHarness { Node = node, Store = store, Status = status, ConnectionString = connectionString };
    }

    /// <summary>Waits (bounded) until the pipeline has committed everything the journal holds right now.</summary>
    public async Task CaughtUpAsync(TimeSpan? timeout = null)
    {
        var target = await MaxJournalOrderingAsync();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Status.CommittedOrdering < target)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"pipeline at {Status.CommittedOrdering}, journal at {target}; last error: {Status.LastError}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits (bounded) until the stored checkpoint reaches <paramref name="ordering"/> (skipped batches store it within a second).</summary>
    public async Task CheckpointReachesAsync(long ordering)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await MartenAppender.LoadCheckpointAsync(Store) < ordering)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"checkpoint at {await MartenAppender.LoadCheckpointAsync(Store)}, expected {ordering}");
            await Task.Delay(50);
        }
    }

    public async Task<long> MaxJournalOrderingAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(ordering), 0) from journal where tags like '%;conversation;%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(ConversationId id)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(id.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Store.Dispose();
    }
}
