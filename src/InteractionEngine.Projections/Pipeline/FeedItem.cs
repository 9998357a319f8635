using Akka.Persistence.Query;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Actors.ReadSide;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// One conversation event on its way into Marten, from either of the read side's two inputs: the journal query
/// (the durable source, in global order, with its journal ordering) or its actor's publication right after the write
/// (no ordering yet). <see cref="Timestamp"/> is the journal row's write time or the time the actor saw it durable.
/// </summary>
public sealed record FeedItem(string StreamKey, string PersistenceId, long SequenceNr, IConversationEvent Event,
    long? Ordering, DateTimeOffset Timestamp, string? CorrelationId)
{
    public bool FromJournal => Ordering is not null;

    public static FeedItem Journal(EventEnvelope envelope) => envelope.Event is IConversationEvent data
        ? new FeedItem(data.ConversationId.Value, envelope.PersistenceId, envelope.SequenceNr, data, ((Sequence)envelope.Offset).Value,
            new DateTimeOffset(envelope.Timestamp, TimeSpan.Zero), CorrelatedCommand.FromTags(envelope.Tags))
        // Only the tagger tags events, and it tags conversation events only: anything else under the tag is a bug.
        : throw new InvalidOperationException(
            $"{envelope.PersistenceId} at {envelope.SequenceNr}: {envelope.Event.GetType().Name} is not a conversation event");

    public static FeedItem Published(ConversationEventPersisted published) => new(published.Event.ConversationId.Value,
        published.PersistenceId, published.SequenceNr, published.Event, null, published.PersistedAt, published.CorrelationId);
}
