namespace InteractionEngine.Domain.Conversations;

/// <summary>A fact about a conversation. Stored in the journal with a stable manifest (see docs/events.md).</summary>
public interface IConversationEvent : IWithConversationId
{
    DateTimeOffset At { get; }
}

public enum InteractionOrigin
{
    Inbound,
    Outbound,
}

/// <summary>A new interaction began: a contact wrote, or an agent started one.</summary>
public sealed record InteractionOpened(
    ConversationId ConversationId, int Interaction, ChannelKind Channel, InteractionOrigin Origin, DateTimeOffset At) : IConversationEvent;

/// <summary>The routing decision: which agent, why, and who had it before (a transfer).</summary>
public sealed record InteractionRouted(
    ConversationId ConversationId, int Interaction, string AgentId, string Reason, string? PreviousAgentId, DateTimeOffset At) : IConversationEvent;

public sealed record MessageReceived(
    ConversationId ConversationId,
    int Interaction,
    long MessageNumber,
    ChannelKind Channel,
    string ChannelMessageId,
    string? Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset SentAt,
    DateTimeOffset At,
    string? InReplyTo = null,
    ButtonReply? ButtonReply = null,
    string? ChannelMessageType = null,
    string? ProfileName = null) : IConversationEvent;

public sealed record MessageSent(
    ConversationId ConversationId,
    int Interaction,
    long MessageNumber,
    ChannelKind Channel,
    string AgentId,
    string ClientMessageId,
    string? Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset At) : IConversationEvent;

public sealed record NotificationSent(
    ConversationId ConversationId,
    int Interaction,
    long MessageNumber,
    ChannelKind Channel,
    string AgentId,
    string ClientMessageId,
    NotificationContent Notification,
    DateTimeOffset At) : IConversationEvent;

public sealed record DeliveryStatusChanged(
    ConversationId ConversationId,
    long MessageNumber,
    DeliveryStatus Status,
    string? ChannelMessageId,
    DeliveryError? Error,
    DateTimeOffset At) : IConversationEvent;

public sealed record SessionEnded(
    ConversationId ConversationId, int Interaction, Party By, string? ActorId, string? Reason, DateTimeOffset At) : IConversationEvent;

public sealed record MarkedDone(ConversationId ConversationId, int Interaction, string AgentId, DateTimeOffset At) : IConversationEvent;

/// <summary>
/// The conversation continues. <paramref name="NewInteraction"/> is false when the same interaction goes on
/// (before Done, or a contact writing within the reopen window) and true when a new one starts after Done.
/// </summary>
public sealed record Reactivated(
    ConversationId ConversationId,
    int Interaction,
    int PreviousInteraction,
    bool NewInteraction,
    Party By,
    string? ActorId,
    ChannelKind Channel,
    DateTimeOffset At) : IConversationEvent;

public sealed record MessagesRead(ConversationId ConversationId, string AgentId, long UpToMessageNumber, DateTimeOffset At) : IConversationEvent;

/// <summary>The read position moved back so that messages after <paramref name="ReadUpToMessageNumber"/> count as unread.</summary>
public sealed record MarkedUnread(ConversationId ConversationId, string AgentId, long ReadUpToMessageNumber, DateTimeOffset At) : IConversationEvent;

public sealed record IdleAlertRaised(ConversationId ConversationId, int Interaction, DateTimeOffset IdleSince, DateTimeOffset At) : IConversationEvent;
