using System.Collections.Immutable;

namespace InteractionEngine.Domain.Conversations;

/// <summary>Lifecycle of one interaction (see docs/lifecycle.md).</summary>
public enum InteractionStatus
{
    /// <summary>Opened by a contact's message, waiting for the routing layer to pick an agent.</summary>
    Queued,
    /// <summary>Routed to an agent; the session is live.</summary>
    Active,
    /// <summary>The agent, the contact or the idle timer ended the session; not yet Done.</summary>
    Ended,
    /// <summary>The agent marked it Done; only a reactivation continues the conversation.</summary>
    Done,
}

/// <param name="Address">The channel address an agent chose when starting it (e.g. one of the contact's numbers); outbound messages go there.</param>
public sealed record Interaction(
    int Number,
    ChannelKind Channel,
    InteractionStatus Status,
    string? AgentId,
    DateTimeOffset? DoneAt,
    string? Address = null);

/// <summary>The result first given for an idempotency key, replayed when the key comes again.</summary>
public sealed record MessageRef(int Interaction, long MessageNumber);

/// <summary>Only what decisions need; the history itself lives in the projections.</summary>
public abstract record ConversationState
{
    /// <summary>The contact's directory entry (null: not in the directory); kept in every state, an entry may precede any interaction.</summary>
    public ContactEntry? Directory { get; init; }

    public sealed record None : ConversationState;

    public sealed record Started(
        ConversationId Id,
        Interaction Current,
        long LastMessageNumber,
        long LastInboundMessageNumber,
        long ReadUpTo,
        DateTimeOffset? LastInboundAt,
        DateTimeOffset LastActivityAt,
        bool IdleAlertRaised,
        BoundedMap<string, MessageRef> ProcessedKeys,
        BoundedMap<long, DeliveryStatus> OutboundStatus,
        DateTimeOffset? LastContactSentAt = null,
        BoundedMap<string, long>? ChannelMessageNumbers = null,
        ChannelHealth? WhatsAppChannel = null,
        long LastValidationNumber = 0,
        BoundedMap<string, MediaFetchStatus>? MediaFetches = null) : ConversationState;
}
