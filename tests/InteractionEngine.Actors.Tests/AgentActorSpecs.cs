using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Agents;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Tests;

public class AgentActorSpecs() : TestKit(InMemoryPersistence)
{
    private const string InMemoryPersistence = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentDeskPolicy Policy = new([new NotReadyReason("break", "Break")], 3, 1, true);

    private static AgentKey NewAgent() => new("acme", "agent-" + Guid.NewGuid().ToString("N")[..8]);

    private IActorRef AgentOf(AgentKey agent, IActorRef? readSide = null, int snapshotEvery = 200) =>
        Sys.ActorOf(AgentActor.Props(agent, new FixedAgentDeskPolicies(Policy), readSide, snapshotEvery: snapshotEvery));

    private static async Task<Reply> Ask(IActorRef actor, IAgentCommand command) => await actor.Ask<Reply>(command, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Acknowledges_only_after_the_state_change_is_in_the_journal_with_its_version()
    {
        var agent = NewAgent();
        var actor = AgentOf(agent);

        var ready = await Ask(actor, new SetAgentState(agent, AgentPresence.Ready, null, "key-1", T0));
        var onBreak = await Ask(actor, new SetAgentState(agent, AgentPresence.NotReady, "break", "key-1", T0.AddMinutes(5)));

        Assert.Equal((ReplyCode.Accepted, 1L), (ready.Code, ready.Version));
        Assert.Equal((ReplyCode.Accepted, 2L), (onBreak.Code, onBreak.Version));
        Assert.Collection(JournalProbe.Events(this, AgentActor.PersistenceIdFor(agent)),
            e => Assert.Equal(AgentPresence.Ready, Assert.IsType<AgentStateChanged>(e).State),
            e => Assert.Equal(("break", "Break"), (Assert.IsType<AgentStateChanged>(e).Reason, ((AgentStateChanged)e).ReasonLabel)));
    }

    [Fact]
    public async Task A_rejected_command_persists_nothing_and_says_why()
    {
        var agent = NewAgent();
        var actor = AgentOf(agent);

        var reply = await Ask(actor, new SetAgentState(agent, AgentPresence.NotReady, "nap", "key-1", T0));

        Assert.Equal(ReplyCode.Invalid, reply.Code);
        Assert.Contains("break", reply.Reason);
        Assert.Empty(JournalProbe.Events(this, AgentActor.PersistenceIdFor(agent)));
    }

    [Fact]
    public async Task Publishes_each_durable_event_for_the_read_side_under_the_agents_stream()
    {
        var agent = NewAgent();
        var readSide = CreateTestProbe();
        var actor = AgentOf(agent, readSide.Ref);
        await Ask(actor, new SetAgentState(agent, AgentPresence.Ready, null, "key-1", T0));
        await Ask(actor, new SetAgentState(agent, AgentPresence.Ready, null, "key-1", T0)); // unchanged: nothing published

        var published = Assert.IsType<ConversationEventPersisted>(readSide.ExpectMsg<Publish>(p => p.Topic == ConversationEventPersisted.Topic).Message);
        readSide.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal((AgentActor.PersistenceIdFor(agent), 1L), (published.PersistenceId, published.SequenceNr));
        Assert.Equal(agent.Stream, published.Event.ConversationId);
    }

    [Fact]
    public async Task Recovers_its_state_and_capacity_after_a_restart()
    {
        var agent = NewAgent();
        var actor = AgentOf(agent, snapshotEvery: 2);
        await Ask(actor, new SetAgentState(agent, AgentPresence.Ready, null, "key-1", T0));
        await Ask(actor, new SetAgentCapacity(agent, 2, 0, "admin", T0));
        await Ask(actor, new SetAgentState(agent, AgentPresence.NotReady, "break", "key-1", T0.AddMinutes(1)));
        await actor.GracefulStop(TimeSpan.FromSeconds(5));

        var recovered = AgentOf(agent);
        Assert.Equal(ReplyCode.Unchanged, (await Ask(recovered, new SetAgentState(agent, AgentPresence.NotReady, "break", "key-1", T0))).Code);
        Assert.Equal(ReplyCode.Unchanged, (await Ask(recovered, new SetAgentCapacity(agent, 2, 0, "admin", T0))).Code);
        var back = await Ask(recovered, new SetAgentState(agent, AgentPresence.Ready, null, "key-1", T0.AddMinutes(2)));
        Assert.Equal((ReplyCode.Accepted, 4L), (back.Code, back.Version));
    }
}
