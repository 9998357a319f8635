using Akka.Persistence.Query;
using InteractionEngine.Domain.Conversations;
using JasperFx.Events;
using InteractionEngine.Projections.Store;
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
/// </summary>
public sealed class MartenAppender
{
    private readonly IDocumentStore _store;
    private readonly EventTableAppend _events;
    private readonly IReadOnlyList<IProjection> _inline;
    private readonly TimeProvider _clock;
    private readonly AppliedSequenceNumbers _applied;
    // One batch or checkpoint write at a time: the pipeline's timer flushes the checkpoint beside its stream.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _reachedOrdering;
    private long _checkpoint;

    public MartenAppender(IDocumentStore store, TimeProvider? clock = null)
    {
        _store = store;
        _clock = clock ?? TimeProvider.System;
        _events = new EventTableAppend(store);
        _inline = ReadModelProjections.InlineOf(store);
        _applied = new AppliedSequenceNumbers($"{store.Options.Events.DatabaseSchemaName}.mt_streams");
    }

    /// <summary>Test seam: runs after the batch is staged and before it commits (a crash here must lose nothing).</summary>
    public Func<IReadOnlyList<FeedItem>, Task>? BeforeCommit { get; set; }

    /// <summary>Starts over from the committed checkpoint (after a failure or a restart): only the database is trusted.</summary>
    public void Reset(long checkpoint)
    {
        _applied.Clear();
        _reachedOrdering = _checkpoint = checkpoint;
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
            foreach (var projection in _inline) await projection.ApplyAsync(session, events, ct);
            session.Store(new PipelineCheckpoint(PipelineCheckpoint.JournalToMarten, reached));
            if (BeforeCommit is { } hook) await hook(batch);
            await session.SaveChangesAsync(ct);
            _applied.Committed(versions);
            _reachedOrdering = _checkpoint = reached;
            return new AppendResult(reached, appended);
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
            if (_reachedOrdering <= _checkpoint) return;
            var reached = _reachedOrdering;
            await using var session = _store.LightweightSession();
            session.Store(new PipelineCheckpoint(PipelineCheckpoint.JournalToMarten, reached));
            await session.SaveChangesAsync(ct);
            _checkpoint = reached;
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

    public static async Task<long> LoadCheckpointAsync(IDocumentStore store, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<PipelineCheckpoint>(PipelineCheckpoint.JournalToMarten, ct))?.Ordering ?? 0;
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
