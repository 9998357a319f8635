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

    public static async Task<PipelineHarness> StartAsync(string connectionString, Func<IReadOnlyList<Akka.Persistence.Query.EventEnvelope>, Task>? beforeCommit = null)
    {
        var store = ReadModelStore.Create(connectionString);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var status = new PipelineStatus();
        var appender = new MartenAppender(store) { BeforeCommit = beforeCommit };
        var options = new PipelineOptions { RestartBackoff = TimeSpan.FromMilliseconds(100) };
        var node = await EngineNode.StartAsync(connectionString,
            services: s => s.AddSingleton<IDocumentStore>(store).AddSingleton(status),
            akka: a => a.WithActors((system, _) =>
                system.ActorOf(ReadSidePipelineActor.Props(store, options, status, TimeProvider.System, appender), "pipeline")));
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
