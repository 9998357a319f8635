using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

public class ConversationActorSpecs() : TestKit(InMemoryPersistence)
{
    private const string InMemoryPersistence = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private IActorRef Conversation(ConversationId id, int snapshotEvery = 200) =>
        Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref, snapshotEvery));

    private async Task<Reply> Ask(IActorRef actor, IConversationCommand command) =>
        await actor.Ask<Reply>(command, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Acknowledges_only_after_the_events_are_in_the_journal()
    {
        var id = NewId();
        var reply = await Ask(Conversation(id), Inbound(id, "wamid.1"));

        Assert.Equal(ReplyCode.Accepted, reply.Code);
        Assert.Collection(JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)),
            e => Assert.IsType<InteractionOpened>(e),
            e => Assert.Equal("wamid.1", Assert.IsType<MessageReceived>(e).ChannelMessageId));
    }

    [Fact]
    public async Task Publishes_each_durable_event_with_its_sequence_number_for_the_read_side()
    {
        var id = NewId();
        var readSide = CreateTestProbe();
        var actor = Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref, readSide: readSide.Ref));
        await Ask(actor, Inbound(id, "wamid.1"));
        await Ask(actor, Inbound(id, "wamid.1")); // a duplicate persists nothing, so publishes nothing

        var publications = new[] { readSide.ExpectMsg<Publish>(), readSide.ExpectMsg<Publish>() };
        readSide.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Assert.All(publications, p => Assert.Equal(ConversationEventPersisted.Topic, p.Topic));
        var published = publications.Select(p => Assert.IsType<ConversationEventPersisted>(p.Message)).ToList();
        Assert.Equal([1L, 2], published.Select(p => p.SequenceNr));
        Assert.All(published, p => Assert.Equal(ConversationActor.PersistenceIdFor(id), p.PersistenceId));
        Assert.IsType<InteractionOpened>(published[0].Event);
        Assert.Equal("wamid.1", Assert.IsType<MessageReceived>(published[1].Event).ChannelMessageId);
    }

    [Fact]
    public async Task Duplicate_channel_message_id_gives_one_event_and_the_original_answer()
    {
        var id = NewId();
        var actor = Conversation(id);
        var first = await Ask(actor, Inbound(id, "wamid.1"));
        var again = await Ask(actor, Inbound(id, "wamid.1"));

        Assert.Equal(ReplyCode.Duplicate, again.Code);
        Assert.Equal(first.Message, again.Message);
        Assert.Single(JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)).OfType<MessageReceived>());
    }

    [Fact]
    public async Task Every_answer_carries_the_conversation_version_it_leaves_so_a_reader_can_wait_for_it()
    {
        var id = NewId();
        var actor = Conversation(id);
        var first = await Ask(actor, Inbound(id, "wamid.1"));   // InteractionOpened + MessageReceived
        var second = await Ask(actor, Inbound(id, "wamid.2"));  // MessageReceived
        var retry = await Ask(actor, Inbound(id, "wamid.1"));   // duplicate: nothing persisted

        Assert.Equal(2, first.Version);
        Assert.Equal(3, second.Version);
        Assert.Equal(ReplyCode.Duplicate, retry.Code);
        Assert.Equal(3, retry.Version); // a retrying client can still wait for the original's effect

        await actor.GracefulStop(TimeSpan.FromSeconds(5));
        var recovered = await Ask(Conversation(id), Inbound(id, "wamid.2"));
        Assert.Equal(ReplyCode.Duplicate, recovered.Code);
        Assert.Equal(3, recovered.Version);
    }

    [Fact]
    public async Task Every_one_of_many_concurrent_commands_gets_its_answer()
    {
        var id = NewId();
        var actor = Conversation(id);
        var replies = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Ask(actor, Inbound(id, $"wamid.{i}"))));

        Assert.All(replies, r => Assert.Equal(ReplyCode.Accepted, r.Code));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), replies.Select(r => r.Message!.MessageNumber).Order());
    }

    [Fact]
    public async Task A_directory_entry_is_journalled_before_any_interaction_and_recovered_after_a_restart()
    {
        var id = NewId();
        var actor = Conversation(id);
        var entered = await Ask(actor, new EnterContact(id, "Rita", "Lopes", [new ContactPhone("+351912345678", "mobile")], null, "agent-1", T0));
        Assert.Equal((ReplyCode.Accepted, 1L, "Rita"), (entered.Code, entered.Version, entered.Contact!.FirstName));
        await Ask(actor, Inbound(id, "wamid.1"));
        await actor.GracefulStop(TimeSpan.FromSeconds(5));

        var recovered = Conversation(id);
        Assert.Equal(ReplyCode.Conflict, (await Ask(recovered, new EnterContact(id, "Rita", null, [], null, "agent-1", T0))).Code);
        var added = await Ask(recovered, new AddContactEmail(id, "rita@example.com", "agent-2", T0));
        Assert.Equal((ReplyCode.Accepted, 4L), (added.Code, added.Version));
        Assert.Equal([new ContactPhone("+351912345678", "mobile")], added.Contact!.PhoneNumbers);
        Assert.Collection(JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)),
            e => Assert.IsType<ContactEntered>(e),
            e => Assert.IsType<InteractionOpened>(e),
            e => Assert.IsType<MessageReceived>(e),
            e => Assert.Equal("agent-2", Assert.IsType<ContactEmailAdded>(e).By));
    }

    [Fact]
    public async Task Rejected_command_persists_nothing()
    {
        var id = NewId();
        var actor = Conversation(id);
        await Ask(actor, Inbound(id, "wamid.1"));
        var reply = await Ask(actor, Send(id, "c1"));

        Assert.Equal(ReplyCode.Conflict, reply.Code);
        Assert.Equal(2, JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)).Count);
    }

    [Fact]
    public async Task An_agent_started_interaction_is_journalled_and_after_a_restart_a_retry_is_a_duplicate_and_the_agent_owns_the_read_horizon()
    {
        var id = NewId();
        var actor = Conversation(id);
        var started = await Ask(actor, new StartInteraction(id, "agent-1", ChannelKind.WhatsApp, "+351912345678", "start-1", T0));
        Assert.Equal((ReplyCode.Accepted, 1), (started.Code, started.Interaction));
        Assert.Collection(JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)),
            e => Assert.Equal(("agent-1", "+351912345678"), (Assert.IsType<InteractionOpened>(e).StartedBy, ((InteractionOpened)e).Address)),
            e => Assert.Equal("agent-1", Assert.IsType<InteractionRouted>(e).AgentId));
        await actor.GracefulStop(TimeSpan.FromSeconds(5));

        var recovered = Conversation(id);
        var retried = await Ask(recovered, new StartInteraction(id, "agent-1", ChannelKind.WhatsApp, "+351912345678", "start-1", T0));
        Assert.Equal((ReplyCode.Duplicate, 1), (retried.Code, retried.Interaction));
        await Ask(recovered, Inbound(id, "wamid.1"));
        Assert.Equal(ReplyCode.Forbidden, (await Ask(recovered, new MarkRead(id, "agent-2", 1, T0))).Code);
        Assert.Equal(ReplyCode.Accepted, (await Ask(recovered, new MarkRead(id, "agent-2", 1, T0, Supervisor: true))).Code);
    }

    [Fact]
    public async Task Restarted_actor_recovers_identical_state()
    {
        var id = NewId();
        var actor = Conversation(id);
        await Ask(actor, Inbound(id, "wamid.1"));
        await Ask(actor, Route(id));
        await Ask(actor, Send(id, "c1"));
        await actor.GracefulStop(TimeSpan.FromSeconds(5));

        var recovered = Conversation(id);
        Assert.Equal(ReplyCode.Duplicate, (await Ask(recovered, Inbound(id, "wamid.1"))).Code);
        Assert.Equal(ReplyCode.Duplicate, (await Ask(recovered, Send(id, "c1"))).Code);
        Assert.Equal(ReplyCode.Forbidden, (await Ask(recovered, Send(id, "c2", agent: "agent-2"))).Code);
        var next = await Ask(recovered, Inbound(id, "wamid.2"));
        Assert.Equal(new MessageRef(1, 3), next.Message); // inbound 1 and sent 2 came back from the journal
    }

    [Fact]
    public async Task Snapshot_is_taken_every_N_events_and_recovery_starts_from_it()
    {
        var id = NewId();
        var actor = Conversation(id, snapshotEvery: 3);
        await Ask(actor, Inbound(id, "wamid.1"));   // events 1-2
        await Ask(actor, Route(id));                // event 3 -> snapshot
        await Ask(actor, Inbound(id, "wamid.2"));   // event 4
        await actor.GracefulStop(TimeSpan.FromSeconds(5));

        var snapshot = await AwaitSnapshot(ConversationActor.PersistenceIdFor(id));
        Assert.Equal(3, snapshot.Metadata.SequenceNr);
        Assert.IsType<ConversationSnapshot>(snapshot.Snapshot);

        var recovered = Conversation(id, snapshotEvery: 3);
        Assert.Equal(ReplyCode.Duplicate, (await Ask(recovered, Inbound(id, "wamid.2"))).Code);
        Assert.Equal(new MessageRef(1, 3), (await Ask(recovered, Inbound(id, "wamid.3"))).Message);
    }

    private async Task<Akka.Persistence.SelectedSnapshot> AwaitSnapshot(string persistenceId)
    {
        Akka.Persistence.SelectedSnapshot? snapshot = null;
        await AwaitConditionAsync(() => Task.FromResult((snapshot = JournalProbe.LatestSnapshot(this, persistenceId)) is not null));
        return snapshot!;
    }

    [Fact]
    public async Task Asks_the_timer_registry_for_a_wake_up_when_a_session_becomes_active()
    {
        var id = NewId();
        var timers = CreateTestProbe();
        var actor = Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, timers.Ref));
        await Ask(actor, Inbound(id, "wamid.1"));
        timers.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // queued: no agent, no idle timer
        await Ask(actor, Route(id));

        var wakeUp = timers.ExpectMsg<Timers.RequestWakeUp>();
        Assert.Equal(T0 + TenantPolicy.Default.IdleAlertAfter!.Value, wakeUp.Due);
    }
}
