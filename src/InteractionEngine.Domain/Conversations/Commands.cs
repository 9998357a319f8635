namespace InteractionEngine.Domain.Conversations;

/// <summary>A request to change a conversation. Each carries the time it happened, supplied at the edge.</summary>
public interface IConversationCommand : IWithConversationId
{
    DateTimeOffset At { get; }
}

/// <summary>Route (or re-route) the open interaction to an agent; opens an outbound interaction when none is open.</summary>
public sealed record RouteInteraction(
    ConversationId ConversationId, ChannelKind Channel, string AgentId, string Reason, DateTimeOffset At) : IConversationCommand;

/// <summary>
/// A contact's message arrived on a channel. <paramref name="ChannelMessageId"/> is the channel's own id (e.g. a wamid);
/// <paramref name="From"/> the sender's channel address as the channel gave it (WhatsApp: the wa_id), when it has one.
/// </summary>
public sealed record ReceiveMessage(
    ConversationId ConversationId,
    ChannelKind Channel,
    string ChannelMessageId,
    string? Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset SentAt,
    DateTimeOffset At,
    string? InReplyTo = null,
    ButtonReply? ButtonReply = null,
    string? ChannelMessageType = null,
    SharedContent? Shared = null,
    string? ProfileName = null,
    string? From = null) : IConversationCommand;

/// <summary>An agent sends a message. <paramref name="ClientMessageId"/> makes a retry a no-op.</summary>
public sealed record SendMessage(
    ConversationId ConversationId,
    string AgentId,
    string ClientMessageId,
    string? Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset At) : IConversationCommand;

/// <summary>An agent sends a rendered template notification.</summary>
public sealed record SendNotification(
    ConversationId ConversationId,
    string AgentId,
    string ClientMessageId,
    NotificationContent Notification,
    DateTimeOffset At) : IConversationCommand;

/// <summary>The channel reported progress of an outbound message.</summary>
public sealed record RecordDeliveryStatus(
    ConversationId ConversationId,
    long MessageNumber,
    DeliveryStatus Status,
    string? ChannelMessageId,
    DeliveryError? Error,
    DateTimeOffset At) : IConversationCommand;

/// <summary>The agent, the contact or the system (idle timer) ends the session.</summary>
public sealed record EndSession(
    ConversationId ConversationId, Party By, string? ActorId, string? Reason, DateTimeOffset At) : IConversationCommand;

/// <summary>Mark the interaction Done, with an optional wrap-up code (from the tenant's list) and wrap-up note.</summary>
public sealed record MarkDone(ConversationId ConversationId, string AgentId, DateTimeOffset At,
    string? WrapUpCode = null, string? WrapUpNote = null) : IConversationCommand;

/// <summary>An agent continues the conversation: the same interaction before Done, a new one after Done.</summary>
public sealed record Reactivate(
    ConversationId ConversationId, string AgentId, ChannelKind? Channel, DateTimeOffset At) : IConversationCommand;

/// <summary>
/// The agent has read every message up to and including <paramref name="UpToMessageNumber"/>.
/// <paramref name="Supervisor"/>: the caller is a supervisor, who may move any interaction's read horizon.
/// </summary>
public sealed record MarkRead(ConversationId ConversationId, string AgentId, long UpToMessageNumber, DateTimeOffset At,
    bool Supervisor = false) : IConversationCommand;

/// <summary>The agent flags the conversation unread again: the last inbound message becomes unread. <paramref name="Supervisor"/> as on <see cref="MarkRead"/>.</summary>
public sealed record MarkUnread(ConversationId ConversationId, string AgentId, DateTimeOffset At, bool Supervisor = false) : IConversationCommand;

/// <summary>A persisted timer fired: raise the idle alert or close an idle session when due.</summary>
public sealed record CheckTimers(ConversationId ConversationId, DateTimeOffset At) : IConversationCommand;

/// <summary>
/// An agent starts an interaction with a directory contact ("Create WhatsApp Interaction", the Chat button) on a channel and
/// address (e.g. one of the contact's WhatsApp numbers, checked against the directory at the edge); it is routed to that agent.
/// <paramref name="ClientMessageId"/> makes a retry a no-op.
/// </summary>
public sealed record StartInteraction(
    ConversationId ConversationId, string AgentId, ChannelKind Channel, string? Address, string ClientMessageId, DateTimeOffset At) : IConversationCommand;

/// <summary>
/// The outcome of fetching a channel-held attachment (a WhatsApp media id) of inbound message <paramref name="MessageNumber"/>
/// at <paramref name="Index"/> (whose reference is <paramref name="ChannelReference"/>): <paramref name="Stored"/> (the engine's own copy) or a failure with its reason.
/// <paramref name="Retryable"/> failures are retried by the fetcher; a final one ends the attempts.
/// </summary>
public sealed record RecordAttachmentFetch(
    ConversationId ConversationId,
    long MessageNumber,
    int Index,
    string ChannelReference,
    Attachment? Stored,
    string? FailureReason,
    int Attempt,
    bool Retryable,
    DateTimeOffset At) : IConversationCommand;

/// <summary>An agent adds a private (internal) note to the conversation. <paramref name="ClientMessageId"/> makes a retry a no-op.</summary>
public sealed record AddPrivateNote(
    ConversationId ConversationId, string AgentId, string ClientMessageId, string Text, DateTimeOffset At) : IConversationCommand;
