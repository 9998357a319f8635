using System.Collections.Concurrent;
using Akka.Persistence.Query;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using JasperFx.Events;
using Marten;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// Appends a batch of journal events to Marten (one stream per conversation) and moves the checkpoint in the
/// same SaveChanges: either the events and the new position commit together, or neither does.
/// </summary>
public sealed class MartenAppender(IDocumentStore store)
{
    private static readonly ConcurrentDictionary<Type, Func<object, IEvent>> Wrappers = new();

    /// <summary>Test seam: runs after the batch is staged and before it commits (a crash here must lose nothing).</summary>
    public Func<IReadOnlyList<EventEnvelope>, Task>? BeforeCommit { get; set; }

    public async Task<long> AppendAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var ordering = 0L;
        foreach (var envelope in batch)
        {
            if (envelope.Event is not IConversationEvent data) continue;
            var e = Wrap(data);
            e.SetHeader(JournalEventHeaders.Tenant, data.ConversationId.Tenant);
            e.SetHeader(JournalEventHeaders.PersistenceId, envelope.PersistenceId);
            e.SetHeader(JournalEventHeaders.SequenceNr, envelope.SequenceNr);
            e.SetHeader(JournalEventHeaders.Ordering, ((Sequence)envelope.Offset).Value);
            e.SetHeader(JournalEventHeaders.JournalTimestamp, new DateTimeOffset(envelope.Timestamp, TimeSpan.Zero));
            if (CorrelatedCommand.FromTags(envelope.Tags) is { } correlationId) e.SetHeader(JournalEventHeaders.CorrelationId, correlationId);
            session.Events.Append(data.ConversationId.Value, e);
            ordering = ((Sequence)envelope.Offset).Value;
        }
        if (batch.Count > 0) ordering = Math.Max(ordering, ((Sequence)batch[^1].Offset).Value);
        session.Store(new PipelineCheckpoint(PipelineCheckpoint.JournalToMarten, ordering));
        if (BeforeCommit is { } hook) await hook(batch);
        await session.SaveChangesAsync(ct);
        return ordering;
    }

    public static async Task<long> LoadCheckpointAsync(IDocumentStore store, CancellationToken ct = default)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<PipelineCheckpoint>(PipelineCheckpoint.JournalToMarten, ct))?.Ordering ?? 0;
    }

    private static IEvent Wrap(object data) => Wrappers.GetOrAdd(data.GetType(), CreateWrapper)(data);

    private static Func<object, IEvent> CreateWrapper(Type type) =>
        (Func<object, IEvent>)typeof(MartenAppender).GetMethod(nameof(WrapAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate(typeof(Func<object, IEvent>));

    private static IEvent WrapAs<T>(object data) where T : notnull => new Event<T>((T)data);
}
