using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using InteractionEngine.Actors.Timers;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// The single writer of one contact's conversation. It holds no rules: Decide and Evolve do. It
/// replies only after the events are in the journal, and keeps the idle-timer registry informed.
/// </summary>
public sealed class ConversationActor : ReceivePersistentActor
{
    private readonly ConversationId _id;
    private readonly ITenantPolicies _policies;
    private readonly IActorRef _timers;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ConversationState _state = new ConversationState.None();
    private DateTimeOffset? _wakeUpRequested;
    private PendingReply? _inFlight;

    public override string PersistenceId { get; }

    public ConversationActor(string entityId, ITenantPolicies policies, IActorRef timers, int snapshotEvery)
    {
        _id = ConversationId.Parse(entityId);
        _policies = policies;
        _timers = timers;
        _snapshotEvery = snapshotEvery;
        PersistenceId = PersistenceIdFor(_id);

        Recover<SnapshotOffer>(o => { if (o.Snapshot is ConversationSnapshot s) _state = s.ToState(); });
        Recover<IConversationEvent>(e => _state = Conversation.Evolve(_state, e));
        Recover<RecoveryCompleted>(_ => RequestWakeUpIfNeeded());
        Command<IConversationCommand>(c => Handle(c, null));
        Command<CorrelatedCommand>(c => Handle(c.Command, c.CorrelationId));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {PersistenceId} at {SequenceNr} failed", PersistenceId, f.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {PersistenceId} failed", PersistenceId));
    }

    public static string PersistenceIdFor(ConversationId id) => $"conversation-{id.Value}";

    public static Props Props(string entityId, ITenantPolicies policies, IActorRef timers, int snapshotEvery = 200) =>
        Akka.Actor.Props.Create(() => new ConversationActor(entityId, policies, timers, snapshotEvery));

    private void Handle(IConversationCommand command, string? correlationId)
    {
        var policy = _policies.For(_id.Tenant);
        var decision = Conversation.Decide(_state, command, policy);
        if (command is CheckTimers) _wakeUpRequested = null; // the registry dropped it; tell it the next one below
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply);
            if (command is CheckTimers) ReplaceWakeUp(policy);
            return;
        }

        var pending = new PendingReply(Sender);
        _inFlight = pending;
        var remaining = decision.Events.Count;
        if (correlationId is not null)
            _log.Debug("{Command} on {ConversationId} persists {EventCount} events [{CorrelationId}]", command.GetType().Name, _id.Value, remaining, correlationId);
        PersistAll(decision.Events.Select(e => Tag(e, correlationId)), persisted =>
        {
            var e = persisted is Tagged tagged ? (IConversationEvent)tagged.Payload : (IConversationEvent)persisted;
            _state = Conversation.Evolve(_state, e);
            if (LastSequenceNr % _snapshotEvery == 0 && _state is ConversationState.Started started)
                SaveSnapshot(ConversationSnapshot.From(started));
            if (--remaining > 0) return;
            // The last event of the command is durable: only now is the caller told.
            _inFlight = null;
            pending.Answer(decision.Reply);
            if (command is CheckTimers) ReplaceWakeUp(policy);
            else RequestWakeUpIfNeeded();
        });
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
        _log.Error(cause, "Persisting {EventType} for {PersistenceId} at {SequenceNr} failed", @event.GetType().Name, PersistenceId, sequenceNr);
        _inFlight?.Answer(new Reply(ReplyCode.Unavailable, "the journal is unavailable; retry"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Journal rejected {EventType} for {PersistenceId} at {SequenceNr}", @event.GetType().Name, PersistenceId, sequenceNr);
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
        _log.Error(reason, "Recovery of {PersistenceId} failed", PersistenceId);
        base.OnRecoveryFailure(reason, message);
    }
}
