using Akka.Persistence.Query;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.EventStore;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Appends a batch of conversation events to Marten (one stream per conversation) and moves the checkpoint in the
/// same transaction: either the events and the new position commit together, or neither does. Events come from the
/// journal query and from their actors' publications, so each one may arrive twice: an event is appended only when
/// it is the next of its conversation (its sequence number is the stream's version + 1); one already there is
/// skipped, and a published one that is ahead of its conversation waits for the journal query to bring it.
/// The events are written set-based (<see cref="EventTableAppend"/>) and the store's inline projections run on them in
/// the same session, as Marten runs them for its own appends.
/// Its transactions commit without waiting for their WAL flush (<c>synchronous_commit = off</c>, for them only): all
/// they hold is derived from the journal, which commits synchronously, and the checkpoint commits with the events, so a
/// server crash that takes back the last commits takes back their checkpoint too and the events are copied again
/// (<see cref="CheckpointGuard"/> makes a pipeline that outlived such a crash start over). Waiting for the flush was
/// the largest part of the read side's tail latency on a busy disk (docs/benchmarks.md).
/// </summary>
public sealed class MartenAppender
{
    private readonly IDocumentStore _store;
    private readonly EventTableAppend _events;
    private readonly CheckpointGuard _guard;
    private readonly IReadOnlyList<IProjection> _inline;
    private readonly TimeProvider _clock;
    private readonly AppliedSequenceNumbers _applied;
    private readonly DocumentCache _documents = new();
    // One batch or checkpoint write at a time: the pipeline's timer flushes the checkpoint beside its stream.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _reachedOrdering;
    // The checkpoint as stored in the database, as far as this appender knows.
    private PipelineCheckpoint _stored = PipelineCheckpoint.None;

    public MartenAppender(IDocumentStore store, TimeProvider? clock = null)
    {
        _store = store;
        _clock = clock ?? TimeProvider.System;
        _events = new EventTableAppend(store);
        _guard = new CheckpointGuard(store);
        _inline = InlineProjections.Of(store);
        _applied = new AppliedSequenceNumbers(MartenEventTables.Of(store));
    }

    /// <summary>Test seam: runs after the batch is staged and before it commits (a crash here must lose nothing).</summary>
    public Func<IReadOnlyList<FeedItem>, Task>? BeforeCommit { get; set; }

    /// <summary>
    /// Starts (or starts over, after a failure) from the committed checkpoint: only the database is trusted. Returns the
    /// journal ordering to resume after.
    /// </summary>
    public async Task<long> StartAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _applied.Clear();
            _documents.Clear();
            await _guard.EnsureAsync(ct);
            _stored = await LoadAsync(_store, ct);
            _reachedOrdering = _stored.Ordering;
            return _stored.Ordering;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Appends what is new in <paramref name="batch"/> and moves the checkpoint with it. A batch with nothing to append
    /// (its journal events all came earlier through their actors) commits nothing: its position is kept in memory and
    /// written by the next commit or <see cref="FlushCheckpointAsync"/> (until then a restart merely skips them again).
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<FeedItem> batch, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var session = _store.LightweightSession();
            var versions = await _applied.ForAsync(session, batch.Select(i => i.StreamKey), ct);
            var appended = new List<FeedItem>(batch.Count);
            var events = new List<IEvent>(batch.Count);
            var now = _clock.GetUtcNow();
            var reached = _reachedOrdering;
            foreach (var item in batch)
            {
                if (item.Ordering is { } ordering) reached = Math.Max(reached, ordering);
                var version = versions[item.StreamKey];
                if (item.SequenceNr <= version) continue;
                if (item.SequenceNr > version + 1)
                {
                    // The journal query brings every event after the checkpoint in order, so it can never skip one.
                    if (item.FromJournal)
                        throw new InvalidOperationException(
                            $"{item.PersistenceId} at {item.SequenceNr} follows {version} in Marten: an event of the conversation is missing");
                    continue;
                }
                events.Add(ToMartenEvent(item, now));
                versions[item.StreamKey] = item.SequenceNr;
                appended.Add(item);
            }

            if (appended.Count == 0)
            {
                // Nothing new: every journal event up to here is already in Marten.
                _reachedOrdering = reached;
                return new AppendResult(reached, appended);
            }
            // The events and every inline projection's documents in one transaction with the checkpoint, as Marten's own
            // inline projections would be (they see the batch's events with their stream versions).
            _events.Queue(session, events);
            await BatchedProjection.ApplyAllAsync(_inline, session, events, new ProjectionReads(session, _documents), ct);
            var checkpoint = StageCheckpoint(session, reached);
            if (BeforeCommit is { } hook) await hook(batch);
            await session.SaveChangesAsync(ct);
            _applied.Committed(versions);
            _documents.Committed();
            _stored = checkpoint;
            _reachedOrdering = reached;
            return new AppendResult(reached, appended);
        }
        catch
        {
            // Only the database knows what a failed batch left behind.
            _documents.Clear();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the position reached by batches that had nothing to append, if it is ahead of the stored checkpoint.</summary>
    public async Task FlushCheckpointAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_reachedOrdering <= _stored.Ordering) return;
            await using var session = _store.LightweightSession();
            var checkpoint = StageCheckpoint(session, _reachedOrdering);
            await session.SaveChangesAsync(ct);
            _stored = checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Journal envelopes only (the journal rebuild): everything is committed, checkpoint included.</summary>
    public async Task<long> AppendAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct)
    {
        var result = await AppendAsync(batch.Select(FeedItem.Journal).ToList(), ct);
        await FlushCheckpointAsync(ct);
        return result.Ordering;
    }

    public static async Task<long> LoadCheckpointAsync(IDocumentStore store, CancellationToken ct = default) =>
        (await LoadAsync(store, ct)).Ordering;

    private static async Task<PipelineCheckpoint> LoadAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<PipelineCheckpoint>(PipelineCheckpoint.JournalToMarten, ct) ?? PipelineCheckpoint.None;
    }

    /// <summary>Queues the checkpoint at <paramref name="reached"/>, guarded, in a transaction that commits without waiting for its flush.</summary>
    private PipelineCheckpoint StageCheckpoint(IDocumentSession session, long reached)
    {
        session.QueueSqlCommand("set local synchronous_commit = off");
        _guard.Queue(session, _stored);
        var next = _stored.Next(reached);
        session.Store(next);
        return next;
    }

    private static IEvent ToMartenEvent(FeedItem item, DateTimeOffset now)
    {
        var e = EventTableAppend.Event(item.Event, item.StreamKey, item.SequenceNr, now);
        e.SetHeader(JournalEventHeaders.Tenant, item.Event.ConversationId.Tenant);
        e.SetHeader(JournalEventHeaders.PersistenceId, item.PersistenceId);
        e.SetHeader(JournalEventHeaders.SequenceNr, item.SequenceNr);
        if (item.Ordering is { } ordering)
        {
            e.SetHeader(JournalEventHeaders.Ordering, ordering);
            e.SetHeader(JournalEventHeaders.JournalTimestamp, item.Timestamp);
        }
        else
        {
            e.SetHeader(JournalEventHeaders.PersistedAt, item.Timestamp);
        }
        if (item.CorrelationId is { } correlationId) e.SetHeader(JournalEventHeaders.CorrelationId, correlationId);
        return e;
    }
}

/// <summary>What a batch did: the journal ordering up to which every event is now in Marten, and what it appended.</summary>
public sealed record AppendResult(long Ordering, IReadOnlyList<FeedItem> Appended);
