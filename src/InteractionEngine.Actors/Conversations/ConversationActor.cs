using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Actors.Serialization;
using InteractionEngine.Actors.Timers;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// The single writer of one contact's conversation. It holds no rules: Decide and Evolve do. It
/// replies only after the events are in the journal, and keeps the idle-timer registry informed.
/// </summary>
/// <remarks>
/// A <see cref="PersistentActor"/> with switches rather than a ReceivePersistentActor: a node holds 100,000 of these,
/// and registered handlers cost every instance its own delegates, match builders and compiled handler tables
/// (about 1 KB each), where a switch costs nothing per instance. Logging goes through the base class's adapter.
/// </remarks>
public sealed class ConversationActor : PersistentActor
{
    private readonly ConversationId _id;
    private readonly ITenantPolicies _policies;
    private readonly IActorRef _timers;
    private readonly int _snapshotEvery;
    private readonly IActorRef _readSide;
    private readonly TimeProvider _clock;
    private ConversationState _state = new ConversationState.None();
    private DateTimeOffset? _wakeUpRequested;
    private PendingReply? _inFlight;

    public override string PersistenceId { get; }

    /// <param name="entityId">The conversation id; null for a sharded entity, which takes it from its actor name.</param>
    /// <param name="readSide">The distributed pub-sub mediator each durable event is published to (the read side's fast path), or Nobody.</param>
    public ConversationActor(string? entityId, ITenantPolicies policies, IActorRef timers, int snapshotEvery, IActorRef readSide, TimeProvider clock)
    {
        // Sharding names every entity Uri.EscapeDataString(entityId), so the name gives back the id; that lets all the
        // entities of a region share one Props instead of each keeping its own Props, deploy and argument array.
        _id = ConversationId.Parse(entityId ?? Uri.UnescapeDataString(Self.Path.Name));
        _policies = policies;
        _timers = timers;
        _snapshotEvery = snapshotEvery;
        _readSide = readSide;
        _clock = clock;
        PersistenceId = PersistenceIdFor(_id);
    }

    /// <summary>
    /// The shard's passivation and hand-off message. Unlike a PoisonPill, which stops the actor at once, it is stashed
    /// while the actor recovers or persists, so commands delivered before it are still answered (a conversation whose
    /// recovery outlasted the idle timeout used to lose the command that woke it).
    /// </summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                if (offer.Snapshot is ConversationSnapshot snapshot) _state = snapshot.ToState();
                return true;
            case IConversationEvent e:
                _state = Conversation.Evolve(_state, e);
                return true;
            case UndecodableEvent poison:
                // Recovering past it would decide on a state that misses a fact: stop this conversation alone (its
                // commands are answered 503), raise the alert, and leave the row for an operator (docs/reliability.md).
                Context.System.EventStream.Publish(new UndecodableEventFound(PersistenceId, LastSequenceNr, poison.Manifest, poison.Reason, "conversation recovery"));
                throw new SerializationException($"{PersistenceId} event {LastSequenceNr} ({poison.Manifest}) cannot be read: {poison.Reason}");
            case RecoveryCompleted:
                RequestWakeUpIfNeeded();
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            case IConversationCommand command:
                Handle(command, null);
                return true;
            case CorrelatedCommand correlated:
                Handle(correlated.Command, correlated.CorrelationId);
                return true;
            case SaveSnapshotSuccess s:
                DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
                return true;
            case SaveSnapshotFailure f:
                Log.Warning(f.Cause, "Snapshot of {PersistenceId} at {SequenceNr} failed", PersistenceId, f.Metadata.SequenceNr);
                return true;
            case DeleteSnapshotsSuccess:
                return true;
            case DeleteSnapshotsFailure f:
                Log.Warning(f.Cause, "Deleting old snapshots of {PersistenceId} failed", PersistenceId);
                return true;
            case Stop:
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }

    public static string PersistenceIdFor(ConversationId id) => $"conversation-{id.Value}";

    public static Props Props(string entityId, ITenantPolicies policies, IActorRef timers, int snapshotEvery = 200,
        IActorRef? readSide = null, TimeProvider? clock = null) =>
        Akka.Actor.Props.Create(() => new ConversationActor(entityId, policies, timers, snapshotEvery, readSide ?? ActorRefs.Nobody, clock ?? TimeProvider.System));

    /// <summary>One Props for every entity of the shard region: each entity reads its conversation id from its name.</summary>
    public static Props ShardedProps(ITenantPolicies policies, IActorRef timers, int snapshotEvery, IActorRef readSide, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new ConversationActor(null, policies, timers, snapshotEvery, readSide, clock));

    private void Handle(IConversationCommand command, string? correlationId)
    {
        var policy = _policies.For(_id.Tenant);
        var decision = Conversation.Decide(_state, command, policy);
        if (command is CheckTimers) _wakeUpRequested = null; // the registry dropped it; tell it the next one below
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply with { Version = LastSequenceNr });
            if (command is CheckTimers) ReplaceWakeUp(policy);
            return;
        }

        var pending = new PendingReply(Sender);
        _inFlight = pending;
        var remaining = decision.Events.Count;
        if (correlationId is not null)
            Log.Debug("{Command} on {ConversationId} persists {EventCount} events [{CorrelationId}]", command.GetType().Name, _id.Value, remaining, correlationId);
        PersistAll(decision.Events.Select(e => Tag(e, correlationId)), persisted =>
        {
            var e = persisted is Tagged tagged ? (IConversationEvent)tagged.Payload : (IConversationEvent)persisted;
            _state = Conversation.Evolve(_state, e);
            PublishToReadSide(e, correlationId);
            if (LastSequenceNr % _snapshotEvery == 0 && _state is ConversationState.Started started)
                SaveSnapshot(ConversationSnapshot.From(started));
            if (--remaining > 0) return;
            // The last event of the command is durable: only now is the caller told.
            _inFlight = null;
            pending.Answer(decision.Reply with { Version = LastSequenceNr });
            if (command is CheckTimers) ReplaceWakeUp(policy);
            else RequestWakeUpIfNeeded();
        });
    }

    /// <summary>Durable now: the read side may apply it before the journal query's next poll brings it (at most once; the query is the durable source).</summary>
    private void PublishToReadSide(IConversationEvent e, string? correlationId)
    {
        if (_readSide.IsNobody()) return;
        _readSide.Tell(new Publish(ConversationEventPersisted.Topic,
            new ConversationEventPersisted(PersistenceId, LastSequenceNr, e, _clock.GetUtcNow(), correlationId)));
    }

    /// <summary>With a correlation id the event is tagged here (and the tagger adapter, which only sees bare events, is skipped).</summary>
    private static object Tag(IConversationEvent e, string? correlationId) =>
        correlationId is null ? e : new Tagged(e, [ConversationTagger.Tag, CorrelatedCommand.TagPrefix + correlationId]);

    /// <summary>Asks the registry for a wake-up only when it would fire later than needed (or not at all).</summary>
    private void RequestWakeUpIfNeeded()
    {
        var due = Conversation.NextTimerDue(_state, _policies.For(_id.Tenant));
        if (due is null || (_wakeUpRequested is { } requested && requested <= due)) return;
        _wakeUpRequested = due;
        _timers.Tell(new RequestWakeUp(_id, due.Value));
    }

    private void ReplaceWakeUp(TenantPolicy policy)
    {
        _wakeUpRequested = Conversation.NextTimerDue(_state, policy);
        _timers.Tell(new ReplaceWakeUp(_id, _wakeUpRequested));
    }

    // Ack means durable: a journal failure is answered as Unavailable, never as success.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Persisting {EventType} for {PersistenceId} at {SequenceNr} failed", @event.GetType().Name, PersistenceId, sequenceNr);
        _inFlight?.Answer(new Reply(ReplyCode.Unavailable, "the journal is unavailable; retry"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Journal rejected {EventType} for {PersistenceId} at {SequenceNr}", @event.GetType().Name, PersistenceId, sequenceNr);
        _inFlight?.Answer(new Reply(ReplyCode.Unavailable, "the journal rejected the event"));
        _inFlight = null;
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    /// <summary>One answer per command, whichever of success, failure or rejection comes first.</summary>
    private sealed class PendingReply(IActorRef replyTo)
    {
        private bool _answered;

        public void Answer(Reply reply)
        {
            if (_answered) return;
            _answered = true;
            replyTo.Tell(reply);
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Log.Error(reason, "Recovery of {PersistenceId} failed", PersistenceId);
        base.OnRecoveryFailure(reason, message);
    }
}
