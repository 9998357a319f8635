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
/// Copies every conversation event from the Akka journal (EventsByTag in global order, the durable source)
/// into Marten, where the inline projections run in the same transaction as the checkpoint. Runs once per
/// cluster (a singleton). On failure it restarts from the committed checkpoint, so nothing is lost or doubled.
/// </summary>
public sealed class ReadSidePipelineActor : ReceiveActor, IWithTimers
{
    private readonly IDocumentStore _store;
    private readonly PipelineOptions _options;
    private readonly PipelineStatus _status;
    private readonly TimeProvider _clock;
    private readonly MartenAppender _appender;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _pubSub = DistributedPubSub.Get(Context.System).Mediator;
    private UniqueKillSwitch? _killSwitch;
    private TimeSpan _backoff;

    public ITimerScheduler Timers { get; set; } = null!;

    public ReadSidePipelineActor(IDocumentStore store, PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender appender)
    {
        _store = store;
        _options = options;
        _status = status;
        _clock = clock;
        _appender = appender;
        _backoff = options.RestartBackoff;
        ReceiveAsync<Start>(_ => StartAsync());
        Receive<StreamEnded>(Ended);
    }

    public static Props Props(IDocumentStore store, PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender? appender = null) =>
        Akka.Actor.Props.Create(() => new ReadSidePipelineActor(store, options, status, clock, appender ?? new MartenAppender(store)));

    protected override void PreStart() => Self.Tell(Start.Instance);

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
        var checkpoint = await MartenAppender.LoadCheckpointAsync(_store);
        _log.Info("Read-side pipeline resuming after journal ordering {Ordering}", checkpoint);
        _status.Started(checkpoint);
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (killSwitch, completion) = journal
            .EventsByTag(ConversationTagger.Tag, Offset.Sequence(checkpoint))
            // While a batch commits, the next one accumulates: single events when idle, big batches under load.
            .Batch(_options.MaxBatchSize, e => ImmutableList.Create(e), (batch, e) => batch.Add(e))
            .SelectAsync(1, CommitAsync)
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        _ = completion.ContinueWith(t => new StreamEnded(t.Exception?.GetBaseException())).PipeTo(Self);
    }

    private async Task<long> CommitAsync(ImmutableList<EventEnvelope> batch)
    {
        var ordering = await _appender.AppendAsync(batch, CancellationToken.None);
        if (_log.IsDebugEnabled)
            foreach (var e in batch)
                if (CorrelatedCommand.FromTags(e.Tags) is { } correlationId)
                    _log.Debug("Read side applied {EventType} of {PersistenceId} at {SequenceNr} [{CorrelationId}]", e.Event.GetType().Name, e.PersistenceId, e.SequenceNr, correlationId);
        var now = _clock.GetUtcNow();
        _status.Committed(ordering, batch.Count, batch.Select(e => (now - new DateTimeOffset(e.Timestamp, TimeSpan.Zero)).TotalMilliseconds), now);
        _backoff = _options.RestartBackoff;
        _pubSub.Tell(new Publish(ReadSideCommitted.Topic, new ReadSideCommitted(ordering)));
        return ordering;
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
}
