using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.Store;
using InteractionEngine.Testing;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// A fresh database per test class with the store configured exactly as production configures it, the async
/// daemon running (for the KPI projection), and the contact center scenario fed in interleaved batches.
/// </summary>
public sealed class ReadModelFixture : IAsyncLifetime
{
    private IProjectionDaemon? _daemon;

    public string ConnectionString { get; private set; } = "";
    public DocumentStore Store { get; private set; } = null!;
    public ConversationQueries Queries { get; private set; } = null!;
    internal ContactCenterScenario Scenario { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("readmodels");
        Store = ReadModelStore.Create(ConnectionString);
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Queries = new ConversationQueries(Store);
        _daemon = await Store.BuildProjectionDaemonAsync();
        await _daemon.StartAllAsync();
        await EventFeed.AppendInterleavedAsync(Store, Scenario.All);
        await EventFeed.AppendAsync(Store, Agents.AgentDay.Events(ContactCenterScenario.Start)); // agent streams ride the same feed
        await WaitForProjectionsAsync();
    }

    public Task WaitForProjectionsAsync() => Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    public async Task StopDaemonAsync()
    {
        if (_daemon is null) return;
        await _daemon.StopAllAsync();
        _daemon.Dispose();
        _daemon = null;
    }

    public async Task DisposeAsync()
    {
        await StopDaemonAsync();
        if (Store is not null) await Store.DisposeAsync();
        if (ConnectionString.Length > 0) await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
