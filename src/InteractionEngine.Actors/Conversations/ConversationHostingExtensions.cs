using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using InteractionEngine.Actors.Timers;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Actors.Conversations;

public static class ConversationHostingExtensions
{
    public const string RegionName = "conversation";
    public const string TimerSingletonName = "conversation-timers";

    /// <summary>
    /// Registers the conversation shard region (reach it with <c>IRequiredActor&lt;ConversationActor&gt;</c>) and the
    /// idle-timer registry singleton. Needs <see cref="ITenantPolicies"/> and <see cref="TimeProvider"/> in DI.
    /// </summary>
    public static AkkaConfigurationBuilder AddConversations(this AkkaConfigurationBuilder builder, ConversationsOptions options) => builder
        .WithShardRegion<ConversationActor>(RegionName,
            (_, registry, resolver) =>
            {
                var policies = resolver.GetService<ITenantPolicies>();
                return entityId => ConversationActor.Props(entityId, policies, registry.Get<TimerRegistryActor>(), options.SnapshotEvery);
            },
            new ConversationMessageExtractor(),
            new ShardOptions
            {
                // Remember-entities stays off: it would disable idle passivation, and timers are persisted anyway.
                RememberEntities = false,
                // Shard locations live in distributed data, not in the journal the read side follows.
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = options.PassivateIdleAfter,
            })
        .WithSingleton<TimerRegistryActor>(TimerSingletonName,
            (_, registry, resolver) => TimerRegistryActor.Props(registry.Get<ConversationActor>(), resolver.GetService<TimeProvider>()),
            new ClusterSingletonOptions(),
            createProxyToo: true);
}
