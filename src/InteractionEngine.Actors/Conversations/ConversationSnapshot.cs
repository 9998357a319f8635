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
    IReadOnlyList<OutboundStatus> OutboundStatuses,
    DateTimeOffset? LastContactSentAt = null,
    IReadOnlyList<ChannelMessageNumber>? ChannelMessageNumbers = null,
    ChannelHealth? WhatsAppChannel = null,
    long LastValidationNumber = 0,
    IReadOnlyList<MediaFetch>? MediaFetches = null,
    ContactEntry? Directory = null)
{
    public static ConversationSnapshot From(ConversationState.Started s) => new(
        s.Id, s.Current, s.LastMessageNumber, s.LastInboundMessageNumber, s.ReadUpTo, s.LastInboundAt, s.LastActivityAt, s.IdleAlertRaised,
        s.ProcessedKeys.InInsertionOrder().Select(p => new ProcessedKey(p.Key, p.Value)).ToList(),
        s.OutboundStatus.InInsertionOrder().Select(p => new OutboundStatus(p.Key, p.Value)).ToList(),
        s.LastContactSentAt,
        s.ChannelMessageNumbers?.InInsertionOrder().Select(p => new ChannelMessageNumber(p.Key, p.Value)).ToList(),
        s.WhatsAppChannel,
        s.LastValidationNumber,
        s.MediaFetches?.InInsertionOrder().Select(p => new MediaFetch(p.Key, p.Value)).ToList(),
        s.Directory);

    public ConversationState.Started ToState() => new(
        Id, Current, LastMessageNumber, LastInboundMessageNumber, ReadUpTo, LastInboundAt, LastActivityAt, IdleAlertRaised,
        BoundedMap<string, MessageRef>.From(Conversation.IdempotencyMemory, ProcessedKeys.Select(p => KeyValuePair.Create(p.Key, p.Result))),
        BoundedMap<long, DeliveryStatus>.From(Conversation.DeliveryStatusMemory, OutboundStatuses.Select(o => KeyValuePair.Create(o.MessageNumber, o.Status))),
        LastContactSentAt,
        ChannelMessageNumbers is null ? null
            : BoundedMap<string, long>.From(Conversation.ChannelMessageIdMemory, ChannelMessageNumbers.Select(c => KeyValuePair.Create(c.ChannelMessageId, c.MessageNumber))),
        WhatsAppChannel,
        LastValidationNumber,
        MediaFetches is null ? null
            : BoundedMap<string, MediaFetchStatus>.From(Conversation.MediaFetchMemory, MediaFetches.Select(m => KeyValuePair.Create(m.Key, m.Status))))
    {
        Directory = Directory,
    };
}

public sealed record ProcessedKey(string Key, MessageRef Result);

public sealed record OutboundStatus(long MessageNumber, DeliveryStatus Status);

/// <summary>One entry of the wamid → message number map.</summary>
public sealed record ChannelMessageNumber(string ChannelMessageId, long MessageNumber);

/// <summary>One entry of the channel media fetch map ("{message number}/{index}" → status).</summary>
public sealed record MediaFetch(string Key, MediaFetchStatus Status);
