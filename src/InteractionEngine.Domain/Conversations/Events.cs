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

/// <summary>
/// A new interaction began: a contact wrote, or an agent started one. When an agent started it from the directory,
/// <paramref name="StartedBy"/> is that agent, <paramref name="Address"/> the channel address chosen (e.g. the E.164 number)
/// and <paramref name="ClientMessageId"/> the client's id that makes a retry a no-op (all null on older rows).
/// </summary>
public sealed record InteractionOpened(
    ConversationId ConversationId, int Interaction, ChannelKind Channel, InteractionOrigin Origin, DateTimeOffset At,
    string? StartedBy = null, string? Address = null, string? ClientMessageId = null) : IConversationEvent;

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
    SharedContent? Shared = null,
    string? ProfileName = null,
    string? From = null,
    DateTimeOffset? ClaimedSentAt = null) : IConversationEvent;

public sealed record MessageSent(
    ConversationId ConversationId,
    int Interaction,
    long MessageNumber,
    ChannelKind Channel,
    string AgentId,
    string ClientMessageId,
    string? Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset At,
    string? Address = null) : IConversationEvent;

/// <summary><paramref name="Address"/> (on <see cref="MessageSent"/> too): where the channel sends it when that is not the contact's default number: the
/// address an agent started the interaction on, or the number a connection request goes to; null: the contact's default.</summary>
public sealed record NotificationSent(
    ConversationId ConversationId,
    int Interaction,
    long MessageNumber,
    ChannelKind Channel,
    string AgentId,
    string ClientMessageId,
    NotificationContent Notification,
    DateTimeOffset At,
    string? Address = null) : IConversationEvent;

public sealed record DeliveryStatusChanged(
    ConversationId ConversationId,
    long MessageNumber,
    DeliveryStatus Status,
    string? ChannelMessageId,
    DeliveryError? Error,
    DateTimeOffset At) : IConversationEvent;

public sealed record SessionEnded(
    ConversationId ConversationId, int Interaction, Party By, string? ActorId, string? Reason, DateTimeOffset At) : IConversationEvent;

/// <summary>
/// The agent marked the interaction Done, optionally with a wrap-up (disposition) code from the tenant's list, its label as it
/// was then (so replay never depends on later config) and a free-text wrap-up note; all null on older rows.
/// </summary>
public sealed record MarkedDone(ConversationId ConversationId, int Interaction, string AgentId, DateTimeOffset At,
    string? WrapUpCode = null, string? WrapUpLabel = null, string? WrapUpNote = null) : IConversationEvent;

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

/// <summary>
/// A channel-held attachment (<paramref name="ChannelReference"/>, e.g. "whatsapp-media:{id}") of inbound message
/// <paramref name="MessageNumber"/> at <paramref name="Index"/> was fetched, checked and stored: <paramref name="Stored"/>
/// is the engine's copy ("attachment:{id}", size, mime type, sha256 in hex).
/// </summary>
public sealed record AttachmentStored(
    ConversationId ConversationId, long MessageNumber, int Index, string ChannelReference, Attachment Stored, int Attempt, DateTimeOffset At) : IConversationEvent;

/// <summary>
/// Fetching a channel-held attachment failed. <paramref name="Retryable"/> true: the fetcher tries again (attempt
/// <paramref name="Attempt"/> of a bounded number); false: final (expired, unknown, checksum mismatch, too large).
/// </summary>
public sealed record AttachmentFetchFailed(
    ConversationId ConversationId, long MessageNumber, int Index, string ChannelReference, string Reason, int Attempt, bool Retryable, DateTimeOffset At) : IConversationEvent;

/// <summary>
/// An agent (or supervisor) wrote a private note on the conversation, during interaction <paramref name="Interaction"/> (the
/// current one, whatever its state). Internal: shown to agents only, never sent, never unread, never the contact-list preview.
/// <paramref name="ClientMessageId"/> makes a retry a no-op.
/// </summary>
public sealed record PrivateNoteAdded(
    ConversationId ConversationId, int Interaction, string AgentId, string ClientMessageId, string Text, DateTimeOffset At) : IConversationEvent;
