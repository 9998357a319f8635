using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>
/// The stored form of <see cref="ConversationState.Started"/>: plain lists instead of immutable
/// collections, so the snapshot format stays stable while the in-memory state may change.
/// </summary>
public sealed record ConversationSnapshot(
    ConversationId Id,
    Interaction Current,
    long LastMessageNumber,
    long LastInboundMessageNumber,
    long ReadUpTo,
    DateTimeOffset? LastInboundAt,
    DateTimeOffset LastActivityAt,
    bool IdleAlertRaised,
    IReadOnlyList<ProcessedKey> ProcessedKeys,
    IReadOnlyList<OutboundStatus> OutboundStatuses)
{
    public static ConversationSnapshot From(ConversationState.Started s) => new(
        s.Id, s.Current, s.LastMessageNumber, s.LastInboundMessageNumber, s.ReadUpTo, s.LastInboundAt, s.LastActivityAt, s.IdleAlertRaised,
        s.ProcessedKeys.InInsertionOrder().Select(p => new ProcessedKey(p.Key, p.Value)).ToList(),
        s.OutboundStatus.InInsertionOrder().Select(p => new OutboundStatus(p.Key, p.Value)).ToList());

    public ConversationState.Started ToState() => new(
        Id, Current, LastMessageNumber, LastInboundMessageNumber, ReadUpTo, LastInboundAt, LastActivityAt, IdleAlertRaised,
        BoundedMap<string, MessageRef>.From(Conversation.IdempotencyMemory, ProcessedKeys.Select(p => KeyValuePair.Create(p.Key, p.Result))),
        BoundedMap<long, DeliveryStatus>.From(Conversation.DeliveryStatusMemory, OutboundStatuses.Select(o => KeyValuePair.Create(o.MessageNumber, o.Status))));
}

public sealed record ProcessedKey(string Key, MessageRef Result);

public sealed record OutboundStatus(long MessageNumber, DeliveryStatus Status);
