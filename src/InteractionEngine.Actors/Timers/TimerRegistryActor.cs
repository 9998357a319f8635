using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Timers;

/// <summary>
/// Persisted wake-ups for conversations' idle timers. Conversations passivate and nodes restart, so
/// in-memory timers would be lost; this cluster singleton remembers when each conversation must be
/// woken and sends it <see cref="CheckTimers"/> through the shard region, which starts it if needed.
/// A wake-up stays until the conversation answers with <see cref="ReplaceWakeUp"/>, so a check lost
/// in transit is sent again.
/// </summary>
public sealed class TimerRegistryActor : ReceivePersistentActor
{
    public const string PersistenceIdValue = "conversation-timers";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Resend = TimeSpan.FromSeconds(30);
    private const int SnapshotEvery = 1000;

    private readonly IActorRef _conversations;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<ConversationId, DateTimeOffset> _due = new();
    private readonly SortedSet<(DateTimeOffset Due, string Id)> _byTime = new();
    private readonly Dictionary<ConversationId, DateTimeOffset> _sentAt = new();
    private ICancelable? _ticker;

    public override string PersistenceId => PersistenceIdValue;

    public TimerRegistryActor(IActorRef conversations, TimeProvider clock)
    {
        _conversations = conversations;
        _clock = clock;
        Recover<SnapshotOffer>(o => { if (o.Snapshot is TimerRegistrySnapshot s) foreach (var w in s.WakeUps) Apply(w); });
        Recover<ITimerRegistryMessage>(Apply);
        Command<RequestWakeUp>(r =>
        {
            if (_due.TryGetValue(r.ConversationId, out var existing) && existing <= r.Due) return;
            PersistAsync(new WakeUpScheduled(r.ConversationId, r.Due), Applied);
        });
        Command<ReplaceWakeUp>(r =>
        {
            _sentAt.Remove(r.ConversationId);
            if (r.Due is { } due)
            {
                if (!_due.TryGetValue(r.ConversationId, out var existing) || existing != due)
                    PersistAsync(new WakeUpScheduled(r.ConversationId, due), Applied);
            }
            else if (_due.ContainsKey(r.ConversationId))
                PersistAsync(new WakeUpCleared(r.ConversationId), Applied);
        });
        Command<FireDue>(_ => FireDueWakeUps());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        CommandAny(_ => { });
    }

    public static Props Props(IActorRef conversations, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new TimerRegistryActor(conversations, clock));

    /// <summary>How many wake-ups are pending (for tests and health).</summary>
    public int Pending => _due.Count;

    protected override void PreStart()
    {
        base.PreStart();
        _ticker = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(Tick, Tick, Self, FireDue.Instance, Self);
    }

    protected override void PostStop()
    {
        _ticker?.Cancel();
        base.PostStop();
    }

    private void FireDueWakeUps()
    {
        var now = _clock.GetUtcNow();
        foreach (var (due, idText) in _byTime.TakeWhile(x => x.Due <= now).ToList())
        {
            var id = ConversationId.Parse(idText);
            if (_sentAt.TryGetValue(id, out var sent) && now - sent < Resend) continue;
            _sentAt[id] = now;
            _log.Debug("Waking {ConversationId} for a timer due at {Due}", idText, due);
            _conversations.Tell(new CheckTimers(id, now), Self);
        }
    }

    private void Applied(ITimerRegistryMessage e)
    {
        Apply(e);
        if (LastSequenceNr % SnapshotEvery == 0)
            SaveSnapshot(new TimerRegistrySnapshot(_due.Select(p => new WakeUpScheduled(p.Key, p.Value)).ToList()));
    }

    private void Apply(ITimerRegistryMessage e)
    {
        switch (e)
        {
            case WakeUpScheduled s:
                Remove(s.ConversationId);
                _due[s.ConversationId] = s.Due;
                _byTime.Add((s.Due, s.ConversationId.Value));
                break;
            case WakeUpCleared c:
                Remove(c.ConversationId);
                break;
        }
    }

    private void Remove(ConversationId id)
    {
        if (_due.Remove(id, out var old)) _byTime.Remove((old, id.Value));
    }

    private sealed class FireDue
    {
        public static readonly FireDue Instance = new();
    }
}
