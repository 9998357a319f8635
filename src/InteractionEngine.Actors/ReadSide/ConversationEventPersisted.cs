using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.ReadSide;

/// <summary>
/// Published (distributed pub-sub, at most once) by a conversation actor as soon as one of its events is durable, so the
/// read side can apply it without waiting for the journal query's polls. The journal query stays the durable source:
/// a lost or late copy only means the event arrives through the query instead, and the pipeline applies each
/// (persistence id, sequence number) once whichever way it came first.
/// </summary>
public sealed record ConversationEventPersisted(
    string PersistenceId, long SequenceNr, IConversationEvent Event, DateTimeOffset PersistedAt, string? CorrelationId)
{
    public const string Topic = "conversation-events-persisted";
}
