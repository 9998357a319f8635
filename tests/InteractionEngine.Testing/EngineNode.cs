using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Testing;

/// <summary>
/// One engine node as the Host wires it (cluster of one, sharding, SQL journal on PostgreSQL, timer
/// singleton), without HTTP, so specs can stop it and start a fresh one on the same database.
/// </summary>
public sealed class EngineNode : IAsyncDisposable
{
    private readonly IHost _host;

    private EngineNode(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public IServiceProvider Services => _host.Services;

    /// <summary>This node's cluster address, for a second node to join.</summary>
    public string Address => Cluster.Get(System).SelfAddress.ToString();

    /// <param name="seedNode">The address of a node to join; by default the node forms a cluster of its own.</param>
    public static async Task<EngineNode> StartAsync(string connectionString, ConversationsOptions? options = null, TenantPolicy? policy = null,
        Action<IServiceCollection>? services = null, Action<AkkaConfigurationBuilder>? akka = null, string? seedNode = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ITenantPolicies>(new FixedTenantPolicies(policy ?? TenantPolicy.Default));
        builder.Services.AddSingleton(TimeProvider.System);
        services?.Invoke(builder.Services);
        builder.Services.AddAkka("engine-test", configure =>
        {
            configure
                .WithRemoting("127.0.0.1", 0)
                .WithClustering(new ClusterOptions())
                .AddStartup((system, _) =>
                    Cluster.Get(system).Join(seedNode is null ? Cluster.Get(system).SelfAddress : Akka.Actor.Address.Parse(seedNode)))
                .AddInteractionSerializer()
                .AddConversationJournal(connectionString)
                .AddConversations(options ?? new ConversationsOptions());
            akka?.Invoke(configure);
        });
        var host = builder.Build();
        await host.StartAsync();
        var node = new EngineNode(host);
        await ClusterMembersUp.WaitAsync(node.System, seedNode is null ? 1 : 2, TimeSpan.FromSeconds(30));
        return node;
    }

    public async Task<Reply> AskAsync(IConversationCommand command)
    {
        var region = await _host.Services.GetRequiredService<IRequiredActor<ConversationActor>>().GetAsync();
        return await region.Ask<Reply>(command, TimeSpan.FromSeconds(60)); // generous: CI machines may be loaded
    }

    public async Task<IActorRef> RegionAsync() => await _host.Services.GetRequiredService<IRequiredActor<ConversationActor>>().GetAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
