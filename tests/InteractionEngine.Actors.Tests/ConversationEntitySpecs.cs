using Akka.Actor;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>
/// How the shard region runs conversations: one shared Props (the entity takes its id from its escaped name) and
/// <see cref="ConversationActor.Stop"/> as the passivation and hand-off message.
/// </summary>
public class ConversationEntitySpecs() : TestKit(InMemoryPersistence)
{
    private const string InMemoryPersistence = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    [Fact]
    public async Task A_command_that_arrived_before_the_stop_is_answered_then_the_conversation_stops()
    {
        var id = NewId();
        var actor = Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref));
        Watch(actor);
        // Both arrive while the actor is still recovering: a PoisonPill here would drop the command.
        var reply = actor.Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5));
        actor.Tell(ConversationActor.Stop.Instance);

        Assert.Equal(ReplyCode.Accepted, (await reply).Code);
        ExpectTerminated(actor);
        Assert.Single(JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)).OfType<MessageReceived>());
    }

    [Fact]
    public async Task A_stopped_conversation_recovers_its_state()
    {
        var id = NewId();
        var actor = Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref));
        Watch(actor);
        var first = await actor.Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5));
        actor.Tell(ConversationActor.Stop.Instance);
        ExpectTerminated(actor);

        var again = Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref));
        var duplicate = await again.Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5));

        Assert.Equal(ReplyCode.Duplicate, duplicate.Code);
        Assert.Equal(first.Message, duplicate.Message);
    }

    [Fact]
    public async Task A_sharded_entity_takes_its_conversation_id_from_its_escaped_name()
    {
        var id = NewId();
        var shared = ConversationActor.ShardedProps(FixedTenantPolicies.Default, CreateTestProbe().Ref, 200, ActorRefs.Nobody, TimeProvider.System);
        // As the shard names it: the ':' between tenant and contact is escaped.
        var actor = Sys.ActorOf(shared, Uri.EscapeDataString(id.Value));
        var other = NewId();
        var otherActor = Sys.ActorOf(shared, Uri.EscapeDataString(other.Value));

        Assert.Equal(ReplyCode.Accepted, (await actor.Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5))).Code);
        Assert.Equal(ReplyCode.Accepted, (await otherActor.Ask<Reply>(Inbound(other, "wamid.1"), TimeSpan.FromSeconds(5))).Code);

        Assert.Equal(2, JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)).Count);
        Assert.Equal(2, JournalProbe.Events(this, ConversationActor.PersistenceIdFor(other)).Count);
    }
}
