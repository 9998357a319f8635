using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Agents;

/// <summary>
/// The single writer of one agent's state and capacity (per tenant). Like the conversation actor it holds no rules
/// (<see cref="Agent"/> does), replies only once the events are durable, and publishes each durable event for the read
/// side's fast path; its events carry the conversation tag, so the one journal feed brings them to the read side.
/// </summary>
public sealed class AgentActor : ReceivePersistentActor
{
    private readonly AgentKey _agent;
    private readonly IAgentDeskPolicies _policies;
    private readonly IActorRef _readSide;
    private readonly TimeProvider _clock;
    private readonly int _snapshotEvery;
    private AgentState _state = AgentState.Initial;
    private IActorRef? _awaiting;

    public override string PersistenceId { get; }

    public AgentActor(string? entityId, IAgentDeskPolicies policies, IActorRef readSide, TimeProvider clock, int snapshotEvery)
    {
        _agent = AgentKey.Parse(entityId ?? Uri.UnescapeDataString(Self.Path.Name));
        _policies = policies;
        _readSide = readSide;
        _clock = clock;
        _snapshotEvery = snapshotEvery;
        PersistenceId = PersistenceIdFor(_agent);

        Recover<SnapshotOffer>(o => { if (o.Snapshot is AgentState s) _state = s; });
        Recover<IAgentEvent>(e => _state = Agent.Evolve(_state, e));
        Command<IAgentCommand>(Handle);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Log.Warning(f.Cause, "Snapshot of {PersistenceId} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Log.Warning(f.Cause, "Deleting old snapshots of {PersistenceId} failed", PersistenceId));
        Command<Stop>(_ => Context.Stop(Self));
    }

    /// <summary>The shard's passivation message: stashed while persisting, so a command delivered before it is answered.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }

    public static string PersistenceIdFor(AgentKey agent) => $"agent-{agent.Value}";

    public static Props Props(AgentKey agent, IAgentDeskPolicies policies, IActorRef? readSide = null, TimeProvider? clock = null, int snapshotEvery = 200) =>
        Akka.Actor.Props.Create(() => new AgentActor(agent.Value, policies, readSide ?? ActorRefs.Nobody, clock ?? TimeProvider.System, snapshotEvery));

    /// <summary>One Props for every entity of the region: each reads its agent from its name.</summary>
    public static Props ShardedProps(IAgentDeskPolicies policies, IActorRef readSide, TimeProvider clock, int snapshotEvery) =>
        Akka.Actor.Props.Create(() => new AgentActor(null, policies, readSide, clock, snapshotEvery));

    private void Handle(IAgentCommand command)
    {
        if (command.Agent != _agent)
        {
            Sender.Tell(new Reply(ReplyCode.Invalid, $"this is agent {_agent}, not {command.Agent}"));
            return;
        }
        var decision = Agent.Decide(_state, command, _policies.For(_agent.Tenant));
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply with { Version = LastSequenceNr });
            return;
        }
        _awaiting = Sender;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, persisted =>
        {
            var e = (IAgentEvent)persisted;
            _state = Agent.Evolve(_state, e);
            if (!_readSide.IsNobody())
                _readSide.Tell(new Publish(ConversationEventPersisted.Topic,
                    new ConversationEventPersisted(PersistenceId, LastSequenceNr, e, _clock.GetUtcNow(), null)));
            if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(_state);
            if (--remaining > 0) return;
            // The last event is durable: only now is the caller told.
            _awaiting?.Tell(decision.Reply with { Version = LastSequenceNr });
            _awaiting = null;
        });
    }

    // Ack means durable: a journal failure is answered as Unavailable, never as success.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Persisting {EventType} for {PersistenceId} at {SequenceNr} failed", @event.GetType().Name, PersistenceId, sequenceNr);
        _awaiting?.Tell(new Reply(ReplyCode.Unavailable, "the journal is unavailable; retry"));
        _awaiting = null;
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Journal rejected {EventType} for {PersistenceId} at {SequenceNr}", @event.GetType().Name, PersistenceId, sequenceNr);
        _awaiting?.Tell(new Reply(ReplyCode.Unavailable, "the journal rejected the event"));
        _awaiting = null;
        base.OnPersistRejected(cause, @event, sequenceNr);
    }
}
