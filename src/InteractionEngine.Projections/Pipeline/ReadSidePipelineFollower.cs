using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Following;
using InteractionEngine.Actors.ReadSide;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Copies every conversation event into Marten, where the inline projections run in the same transaction as the
/// checkpoint. Two inputs are merged: the journal query (EventsByTag in global order, the durable source, polled) and
/// the events the conversation actors publish as soon as they are durable (distributed pub-sub, at most once), which
/// is what keeps the read models within milliseconds of the journal instead of behind its polls. The appender applies
/// each event once, whichever input brings it first. Runs once per cluster inside a <see cref="JournalFollowerActor"/>
/// singleton; on failure it restarts from the committed checkpoint, so nothing is lost or doubled.
/// </summary>
public sealed class ReadSidePipelineFollower(PipelineOptions options, PipelineStatus status, TimeProvider clock, MartenAppender appender)
    : JournalFollower
{
    /// <summary>How often the position of batches that had nothing to append (their events came through the actors) is stored.</summary>
    private static readonly TimeSpan CheckpointFlushEvery = TimeSpan.FromSeconds(1);

    private ILoggingAdapter _log = NoLogger.Instance;
    private IActorRef _pubSub = ActorRefs.Nobody;
    private string _node = "";

    public override string Name => "Read-side pipeline";
    public override TimeSpan RestartBackoff => options.RestartBackoff;
    public override TimeSpan? TickEvery => CheckpointFlushEvery;

    public override async Task<long?> StartAsync(FollowerContext context)
    {
        _log = Logging.GetLogger(context.System, typeof(ReadSidePipelineFollower));
        _pubSub = DistributedPubSub.Get(context.System).Mediator;
        _node = Akka.Cluster.Cluster.Get(context.System).SelfAddress.ToString();
        var checkpoint = await appender.StartAsync(CancellationToken.None);
        status.Started(checkpoint);
        return checkpoint;
    }

    public override Flow<EventEnvelope, long, NotUsed> Flow(FollowerContext context)
    {
        var pubSub = DistributedPubSub.Get(context.System).Mediator;
        // Published events beyond the buffer are dropped: the journal query brings them a little later.
        var (publishedInput, published) = Source.ActorRef<ConversationEventPersisted>(options.PublishedBuffer, OverflowStrategy.DropNew)
            .Select(FeedItem.Published)
            .PreMaterialize(context.System.Materializer());
        // The stream's input subscribes itself; if the stream dies, the mediator drops the dead subscriber.
        pubSub.Tell(new Subscribe(ConversationEventPersisted.Topic, publishedInput), context.Self);
        return Akka.Streams.Dsl.Flow.Create<EventEnvelope>()
            .Select(FeedItem.Journal)
            .Merge(published)
            // While a batch commits, the next one accumulates: single events when idle, big batches under load.
            .Batch(options.MaxBatchSize, e => ImmutableList.Create(e), (batch, e) => batch.Add(e))
            .SelectAsync(1, batch => CommitAsync(batch, pubSub));
    }

    private async Task<long> CommitAsync(ImmutableList<FeedItem> batch, IActorRef pubSub)
    {
        var result = await appender.AppendAsync(batch, CancellationToken.None);
        var now = clock.GetUtcNow();
        if (_log.IsDebugEnabled)
            foreach (var e in result.Appended)
                if (e.CorrelationId is { } correlationId)
                    _log.Debug("Read side applied {EventType} of {PersistenceId} at {SequenceNr} [{CorrelationId}]", e.Event.GetType().Name, e.PersistenceId, e.SequenceNr, correlationId);
        status.Committed(result.Ordering, result.Appended, now);
        if (result.Appended.Count > 0) pubSub.Tell(new Publish(ReadSideCommitted.Topic, new ReadSideCommitted(result.Ordering)));
        return result.Ordering;
    }

    public override async Task TickAsync(CancellationToken ct)
    {
        // The heartbeat the other nodes' readiness reads: the pipeline lives here and how far it holds the journal.
        _pubSub.Tell(new Publish(ReadSidePipelineAlive.Topic, new ReadSidePipelineAlive(status.CommittedOrdering, _node)));
        try
        {
            await appender.FlushCheckpointAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The stream's next commit meets the same fault and restarts the pipeline; the position is only a shortcut.
            _log.Warning(e, "Read-side pipeline could not store its checkpoint; it will retry");
        }
    }

    public override void Stopped(Exception? error) => status.Stopped(error?.Message);
}
