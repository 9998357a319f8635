using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using InteractionEngine.Actors.ReadSide;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;
using Marten;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Copies every conversation event into Marten, where the inline projections run in the same transaction as the
/// checkpoint. Two inputs are merged: the journal query (EventsByTag in global order, the durable source, polled) and
/// the events the conversation actors publish as soon as they are durable (distributed pub-sub, at most once), which
/// is what keeps the read models within milliseconds of the journal instead of behind its polls. The appender applies
/// each event once, whichever input brings it first. Runs once per cluster (a singleton). On failure it restarts from
/// the committed checkpoint, so nothing is lost or doubled.
/// </summary>
public sealed class ReadSidePipelineActor : ReceiveActor, IWithTimers
{
    /// <summary>How often the position of batches that had nothing to append (their events came through the actors) is stored.</summary>
    private static readonly TimeSpan CheckpointFlushEvery = TimeSpan.FromSeconds(1);

    private readonly PipelineOptions _options;
    private readonly PipelineStatus _status;
    private readonly TimeProvider _clock;
    private readonly MartenAppender _appender;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _pubSub = DistributedPubSub.Get(Context.System).Mediator;
    private UniqueKillSwitch? _killSwitch;
    private TimeSpan _backoff;

    public ITimerScheduler Timers { get; set; } = null!;

    public ReadSidePipelineActor(PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender appender)
    {
        _options = options;
        _status = status;
        _clock = clock;
        _appender = appender;
        _backoff = options.RestartBackoff;
        ReceiveAsync<Start>(_ => StartAsync());
        Receive<StreamEnded>(Ended);
        Receive<SubscribeAck>(_ => { });
        ReceiveAsync<FlushCheckpoint>(_ => FlushCheckpointAsync());
    }

    public static Props Props(IDocumentStore store, PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender? appender = null) =>
        Akka.Actor.Props.Create(() => new ReadSidePipelineActor(options, status, clock, appender ?? new MartenAppender(store)));

    protected override void PreStart()
    {
        Self.Tell(Start.Instance);
        Timers.StartPeriodicTimer("checkpoint", FlushCheckpoint.Instance, CheckpointFlushEvery);
    }

    protected override void PostStop()
    {
        _killSwitch?.Shutdown();
        _status.Stopped(null);
    }

    private async Task StartAsync()
    {
        try
        {
            await RunFromCheckpointAsync();
        }
        catch (Exception e)
        {
            Ended(new StreamEnded(e));
        }
    }

    private async Task RunFromCheckpointAsync()
    {
        var checkpoint = await _appender.StartAsync(CancellationToken.None);
        _log.Info("Read-side pipeline resuming after journal ordering {Ordering}", checkpoint);
        _status.Started(checkpoint);
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        // Published events beyond the buffer are dropped: the journal query brings them a little later.
        var published = Source.ActorRef<ConversationEventPersisted>(_options.PublishedBuffer, OverflowStrategy.DropNew)
            .Select(FeedItem.Published);
        var ((publishedInput, killSwitch), completion) = journal
            .EventsByTag(ConversationTagger.Tag, Offset.Sequence(checkpoint))
            .Select(FeedItem.Journal)
            .MergeMaterialized(published, (_, input) => input)
            // While a batch commits, the next one accumulates: single events when idle, big batches under load.
            .Batch(_options.MaxBatchSize, e => ImmutableList.Create(e), (batch, e) => batch.Add(e))
            .SelectAsync(1, CommitAsync)
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Both)
            .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        // The stream's input subscribes itself; if the stream dies, the mediator drops the dead subscriber.
        _pubSub.Tell(new Subscribe(ConversationEventPersisted.Topic, publishedInput));
        _ = completion.ContinueWith(t => new StreamEnded(t.Exception?.GetBaseException())).PipeTo(Self);
    }

    private async Task<long> CommitAsync(ImmutableList<FeedItem> batch)
    {
        var result = await _appender.AppendAsync(batch, CancellationToken.None);
        var now = _clock.GetUtcNow();
        if (_log.IsDebugEnabled)
            foreach (var e in result.Appended)
                if (e.CorrelationId is { } correlationId)
                    _log.Debug("Read side applied {EventType} of {PersistenceId} at {SequenceNr} [{CorrelationId}]", e.Event.GetType().Name, e.PersistenceId, e.SequenceNr, correlationId);
        _status.Committed(result.Ordering, result.Appended, now);
        _backoff = _options.RestartBackoff;
        if (result.Appended.Count > 0) _pubSub.Tell(new Publish(ReadSideCommitted.Topic, new ReadSideCommitted(result.Ordering)));
        return result.Ordering;
    }

    private async Task FlushCheckpointAsync()
    {
        if (_killSwitch is null) return;
        try
        {
            await _appender.FlushCheckpointAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The stream's next commit meets the same fault and restarts the pipeline; the position is only a shortcut.
            _log.Warning(e, "Read-side pipeline could not store its checkpoint; it will retry");
        }
    }

    private void Ended(StreamEnded ended)
    {
        _killSwitch = null;
        if (ended.Error is null)
        {
            _log.Info("Read-side pipeline stopped");
            _status.Stopped(null);
            return;
        }
        _log.Error(ended.Error, "Read-side pipeline failed; restarting from the checkpoint in {Backoff}", _backoff);
        _status.Stopped(ended.Error.Message);
        Timers.StartSingleTimer("restart", Start.Instance, _backoff);
        _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }

    private sealed record StreamEnded(Exception? Error);

    private sealed class FlushCheckpoint
    {
        public static readonly FlushCheckpoint Instance = new();
    }
}
