using Akka;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;

using InteractionEngine.Actors.Serialization;

namespace InteractionEngine.Actors.Following;

/// <summary>
/// Runs one <see cref="JournalFollower"/>: asks it for its stored offset, runs
/// EventsByTag(<see cref="ConversationTagger.Tag"/>, offset) through its flow, and stops the stream with a kill
/// switch when the actor stops (the singleton moves, the node leaves: shutdown must not wait for a polling query).
/// On failure it starts again from the follower's stored offset after a backoff that doubles up to a minute.
/// </summary>
public sealed class JournalFollowerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly JournalFollower _follower;
    private readonly Func<ActorSystem, long, Source<EventEnvelope, NotUsed>> _events;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private UniqueKillSwitch? _killSwitch;
    private TimeSpan _backoff;
    private int _run;
    // Set by the stream (on its own thread) when an offset was stored: the next failure starts the backoff afresh.
    private int _progressed;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="events">The journal's events after an offset; null: the SQL read journal's EventsByTag (tests pass a test source).</param>
    public JournalFollowerActor(JournalFollower follower, Func<ActorSystem, long, Source<EventEnvelope, NotUsed>>? events = null)
    {
        _follower = follower;
        _events = events ?? EventsByTag;
        _backoff = follower.RestartBackoff;
        Receive<Start>(_ => StartRun());
        Receive<Loaded>(Run);
        Receive<Ended>(OnEnded);
        ReceiveAsync<Tick>(_ => TickAsync());
        // A follower may subscribe its stream's input to distributed pub-sub on this actor's behalf.
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(JournalFollower follower, Func<ActorSystem, long, Source<EventEnvelope, NotUsed>>? events = null) =>
        Akka.Actor.Props.Create(() => new JournalFollowerActor(follower, events));

    public static Source<EventEnvelope, NotUsed> EventsByTag(ActorSystem system, long offset) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .EventsByTag(ConversationTagger.Tag, Offset.Sequence(offset));

    protected override void PreStart()
    {
        Self.Tell(Start.Instance);
        if (_follower.TickEvery is { } every) Timers.StartPeriodicTimer("tick", Tick.Instance, every);
    }

    protected override void PostStop()
    {
        _killSwitch?.Shutdown();
        _stopping.Cancel();
        _stopping.Dispose();
        _follower.Stopped(null);
    }

    private FollowerContext NewContext() => new(Context.System, Self, _stopping.Token);

    private void StartRun()
    {
        var run = ++_run;
        // Loading may wait for the database; the actor stays responsive (and stoppable) meanwhile.
        _follower.StartAsync(NewContext()).PipeTo(Self,
            success: offset => new Loaded(run, offset),
            failure: e => new Ended(run, e));
    }

    private void Run(Loaded loaded)
    {
        if (loaded.Run != _run) return;
        if (loaded.Offset is not { } offset)
        {
            _log.Info("{Follower} is not running on this node", _follower.Name);
            return;
        }
        _log.Info("{Follower} resuming after journal ordering {Ordering}", _follower.Name, offset);
        Volatile.Write(ref _progressed, 0);
        var system = Context.System;
        var (killSwitch, completion) = _events(system, offset)
            .Where(envelope => IsReadable(envelope, system))
            .Via(_follower.Flow(NewContext()))
            .Select(stored =>
            {
                Volatile.Write(ref _progressed, 1);
                return stored;
            })
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        var run = loaded.Run;
        completion.ContinueWith(t => new Ended(run, t.Exception?.GetBaseException()), TaskScheduler.Default).PipeTo(Self);
    }

    /// <summary>An event the journal holds but nobody can read is skipped with an alert: one bad row must not stop the follower.</summary>
    private bool IsReadable(EventEnvelope envelope, ActorSystem system)
    {
        if (envelope.Event is not UndecodableEvent poison) return true;
        _log.Error("{Follower} skips event {SequenceNr} of {PersistenceId} at journal ordering {Ordering}: {Manifest} cannot be read ({Reason})",
            _follower.Name, envelope.SequenceNr, envelope.PersistenceId, (envelope.Offset as Sequence)?.Value, poison.Manifest, poison.Reason);
        system.EventStream.Publish(new UndecodableEventFound(envelope.PersistenceId, envelope.SequenceNr, poison.Manifest, poison.Reason, _follower.Name));
        return false;
    }

    private void OnEnded(Ended ended)
    {
        if (ended.Run != _run) return;
        _killSwitch = null;
        _follower.Stopped(ended.Error);
        if (ended.Error is null)
        {
            _log.Info("{Follower} stopped", _follower.Name);
            return;
        }
        if (Volatile.Read(ref _progressed) == 1) _backoff = _follower.RestartBackoff;
        _log.Error(ended.Error, "{Follower} failed; restarting from its stored offset in {Backoff}", _follower.Name, _backoff);
        Timers.StartSingleTimer("restart", Start.Instance, _backoff);
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
    }

    private Task TickAsync() => _killSwitch is null ? Task.CompletedTask : _follower.TickAsync(_stopping.Token);

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Loaded(int Run, long? Offset);

    private sealed record Ended(int Run, Exception? Error);
}
