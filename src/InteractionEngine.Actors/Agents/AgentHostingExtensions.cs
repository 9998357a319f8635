using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using InteractionEngine.Actors.Following;
using InteractionEngine.Domain.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Actors.Agents;

public static class AgentHostingExtensions
{
    public const string RegionName = "agent";

    /// <summary>The agent shard region (reach it with <c>IRequiredActor&lt;AgentActor&gt;</c>). Needs <see cref="IAgentDeskPolicies"/> and <see cref="TimeProvider"/> in DI.</summary>
    public static AkkaConfigurationBuilder AddAgents(this AkkaConfigurationBuilder builder, AgentsOptions options) => builder
        .WithShardRegion<AgentActor>(RegionName,
            (system, _, resolver) =>
            {
                var props = AgentActor.ShardedProps(resolver.GetService<IAgentDeskPolicies>(), DistributedPubSub.Get(system).Mediator,
                    resolver.GetService<TimeProvider>(), options.SnapshotEvery);
                return _ => props;
            },
            new AgentMessageExtractor(),
            new ShardOptions
            {
                RememberEntities = false,
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = options.PassivateIdleAfter,
                HandOffStopMessage = AgentActor.Stop.Instance,
            });

    /// <summary>
    /// The agent desk: settings per tenant (Tenants:{t}:AgentDesk), the agent actors ("Agents" section) added to the actor
    /// system, and their gateway (<see cref="IAgents"/>).
    /// </summary>
    public static IServiceCollection AddAgentDesk(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Agents").Get<AgentsOptions>() ?? new AgentsOptions();
        return services.AddSingleton(options)
            .AddSingleton<IAgentDeskPolicies, ConfiguredAgentDeskPolicies>()
            .AddSingleton<IAgents, AgentGateway>()
            .AddSingleton(new ActorSystemContribution(RegionName, akka => akka.AddAgents(options)));
    }
}
