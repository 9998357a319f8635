using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;
using InteractionEngine.Projections.Store;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InteractionEngine.LoadGen;

/// <summary>How a bench node is set up: the conversation options, whether the read side runs, extra HOCON.</summary>
public sealed record NodeOptions
{
    public required ConversationsOptions Conversations { get; init; }
    public bool ReadSide { get; init; } = true;
    public IReadOnlyList<string> ExtraHocon { get; init; } = [];
    /// <summary>Experiment: false runs the pipeline into a Marten store without projections.</summary>
    public bool Projections { get; init; } = true;
    public int? PipelineBatch { get; init; }

    public static NodeOptions From(BenchSettings settings, ConversationsOptions conversations) => new()
    {
        Conversations = conversations,
        ReadSide = settings.ReadModels != "none",
        Projections = settings.ReadModels == "all",
        ExtraHocon = settings.ExtraHocon,
        PipelineBatch = settings.PipelineBatch,
    };
}

/// <summary>
/// One engine node in this process, wired as EngineActorSystem (src/InteractionEngine.Actors/Hosting) wires it (cluster of
/// one, sharded conversations, SQL journal and snapshots, timer singleton, the journal→Marten pipeline singleton with
/// the read models), without HTTP. Akka logs warnings and errors to the console.
/// </summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;
    private DocumentStore? _ownedStore;

    private BenchNode(IHost host, string connectionString, IDocumentStore? store, PipelineStatus? status, IActorRef region)
    {
        _host = host;
        ConnectionString = connectionString;
        Store = store;
        Status = status;
        Region = region;
    }

    public string ConnectionString { get; }
    public IDocumentStore? Store { get; }
    public PipelineStatus? Status { get; }
    public IActorRef Region { get; }
    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public static async Task<BenchNode> StartAsync(string connectionString, NodeOptions options)
    {
        DocumentStore? store = null;
        PipelineStatus? status = null;
        if (options.ReadSide)
        {
            // Schema first, from one store: the Host's schema initializer and async daemon can race on an empty database.
            using (var schema = ReadModelStore.Create(connectionString)) await schema.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            if (!options.Projections)
            {
                store = EventsOnlyStore.Create(connectionString);
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            }
            status = new PipelineStatus();
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITenantPolicies>(FixedTenantPolicies.Default);
        builder.Services.AddSingleton(TimeProvider.System);
        if (options.ReadSide && options.Projections)
        {
            // As src/InteractionEngine.Host/Database/ReadSideSetup.cs: Marten in DI with the async daemon (KPIs) on hot/cold.
            builder.Services.AddMarten(o => ReadModelStore.Configure(o, connectionString)).AddAsyncDaemon(DaemonMode.HotCold);
            builder.Services.AddSingleton(status!);
        }
        else if (store is not null)
        {
            builder.Services.AddSingleton<IDocumentStore>(store).AddSingleton(status!);
        }
        builder.Services.AddAkka("interaction-engine", (akka, _) =>
        {
            akka.AddHocon("""
                akka.loglevel = WARNING
                akka.coordinated-shutdown.exit-clr = off
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                """, HoconAddMode.Prepend)
                .WithRemoting("127.0.0.1", 0)
                .WithClustering(new ClusterOptions { SplitBrainResolver = new KeepMajorityOption() })
                .AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress))
                .AddInteractionSerializer()
                .AddConversationJournal(connectionString)
                .AddConversations(options.Conversations);
            if (options.ReadSide) akka.AddReadSidePipeline(options.PipelineBatch is { } batch ? new PipelineOptions { MaxBatchSize = batch } : new PipelineOptions());
            // Last and prepended, so these win over everything above (journal knobs for experiments).
            foreach (var hocon in options.ExtraHocon) akka.AddHocon(hocon, HoconAddMode.Prepend);
        });
        var host = builder.Build();
        await host.StartAsync();

        var system = host.Services.GetRequiredService<ActorSystem>();
        var cluster = Cluster.Get(system);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.SelfMember.Status != MemberStatus.Up)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the bench node did not become an Up cluster member within 30 s");
            await Task.Delay(20);
        }
        var region = await host.Services.GetRequiredService<IRequiredActor<ConversationActor>>().GetAsync();
        return new BenchNode(host, connectionString, options.ReadSide ? host.Services.GetRequiredService<IDocumentStore>() : null, status, region)
        {
            _ownedStore = store,
        };
    }

    public Task<Reply> AskAsync(IConversationCommand command, TimeSpan? timeout = null) =>
        Region.Ask<Reply>(command, timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>The highest journal ordering of a conversation event (what the pipeline must reach).</summary>
    public Task<long> JournalHeadAsync() =>
        BenchDatabase.ScalarLongAsync(ConnectionString, "SELECT coalesce(max(ordering), 0) FROM journal WHERE tags LIKE '%;conversation;%'");

    /// <summary>Waits until the pipeline has committed everything in the journal right now; returns how long that took.</summary>
    public async Task<TimeSpan> WaitForPipelineAsync(TimeSpan timeout)
    {
        if (Status is null) return TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        var target = await JournalHeadAsync();
        while (Status.CommittedOrdering < target)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
                throw new TimeoutException($"the pipeline is at {Status.CommittedOrdering}, the journal at {target} (last error: {Status.LastError ?? "none"})");
            await Task.Delay(5);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Waits until Marten's async daemon (KPIs) has caught up with the events, so a phase starts from a quiet read side.</summary>
    public async Task<TimeSpan> WaitForAsyncProjectionsAsync(TimeSpan timeout)
    {
        if (Store is not DocumentStore store || _ownedStore is not null) return TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        await store.WaitForNonStaleProjectionDataAsync(timeout);
        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await _host.StopAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("warning: the bench node did not stop within 30 s");
            }
        }
        _host.Dispose(); // disposes the DI-owned store
        _ownedStore?.Dispose();
        NpgsqlConnection.ClearAllPools();
    }
}
