using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using InteractionEngine.Actors.Serialization;
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
        .AddHocon(ConversationMailbox.Hocon, HoconAddMode.Append)
        .WithShardRegion<ConversationActor>(RegionName,
            (system, registry, resolver) =>
            {
                var policies = resolver.GetService<ITenantPolicies>();
                var clock = resolver.GetService<TimeProvider>();
                // Every durable event is also published for the read side's fast path (ConversationEventPersisted).
                var readSide = DistributedPubSub.Get(system).Mediator;
                // Built on the first entity (the timer singleton's proxy is registered after the region), then shared by all.
                Props? props = null;
                return _ => props ??= ConversationActor.ShardedProps(policies, registry.Get<TimerRegistryActor>(), options.SnapshotEvery, readSide, clock)
                    .WithMailbox(ConversationMailbox.ConfigPath);
            },
            new ConversationMessageExtractor(),
            new ShardOptions
            {
                // Remember-entities stays off: it would disable idle passivation, and timers are persisted anyway.
                RememberEntities = false,
                // Shard locations live in distributed data, not in the journal the read side follows.
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = options.PassivateIdleAfter,
                // Passivation and rebalancing stop an entity with this message instead of a PoisonPill, so that a command
                // it received before (still stashed during recovery or a write) is answered first.
                HandOffStopMessage = ConversationActor.Stop.Instance,
            })
        .WithActors((system, _, resolver) =>
        {
            system.ActorOf(Props.Create<UndeliveredCommandAnswerer>(), "undelivered-commands");
            system.ActorOf(Props.Create(() => new UndecodableEvents.Collector(resolver.GetService<UndecodableEvents>())), "undecodable-events");
        })
        .WithSingleton<TimerRegistryActor>(TimerSingletonName,
            (_, registry, resolver) => TimerRegistryActor.Props(registry.Get<ConversationActor>(), resolver.GetService<TimeProvider>()),
            new ClusterSingletonOptions(),
            createProxyToo: true);
}
