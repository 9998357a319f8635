namespace InteractionEngine.Domain.Conversations;

/// <summary>Where a contact's channel (e.g. their WhatsApp number) stands, as the engine last learned it.</summary>
public enum ChannelState
{
    /// <summary>A connection request was sent; waiting for the contact to approve (answer or press the button).</summary>
    Requested,
    /// <summary>The contact wrote or approved: the channel works.</summary>
    Connected,
    /// <summary>A send failed in a way that says the number cannot be reached (e.g. WhatsApp 131026, 131030).</summary>
    Warning,
    /// <summary>The channel was turned off (by an agent or an adapter).</summary>
    Disconnected,
}

/// <summary>The current state of the conversation's WhatsApp channel, with the address (wa_id) it concerns.</summary>
public sealed record ChannelHealth(ChannelState State, string Address, string? Reason, int? ErrorCode, DateTimeOffset At);

/// <summary>A contact channel changed state: requested, connected (the contact wrote or approved), warning (with the platform's reason), disconnected.</summary>
public sealed record ChannelStateChanged(
    ConversationId ConversationId,
    ChannelKind Channel,
    string Address,
    ChannelState State,
    string? Reason,
    int? ErrorCode,
    DateTimeOffset At) : IConversationEvent;

/// <summary>A status named only by the channel's message id (a wamid): resolved through the conversation's wamid → message number map.</summary>
public sealed record RecordChannelDeliveryStatus(
    ConversationId ConversationId,
    string ChannelMessageId,
    DeliveryStatus Status,
    DeliveryError? Error,
    DateTimeOffset At) : IConversationCommand;

/// <summary>
/// A send whose outcome is unknown (no answer from the platform) had its grace period: if no status arrived
/// meanwhile it is recorded Failed with <paramref name="Error"/>; otherwise nothing changes.
/// </summary>
public sealed record ExpireUnknownDelivery(ConversationId ConversationId, long MessageNumber, DeliveryError Error, DateTimeOffset At) : IConversationCommand;

/// <summary>An agent asks the contact to connect a channel: the connection-request template is sent (and recorded) and the channel becomes Requested.</summary>
public sealed record RequestChannelConnection(
    ConversationId ConversationId,
    string AgentId,
    string ClientMessageId,
    ChannelKind Channel,
    string Address,
    NotificationContent Notification,
    DateTimeOffset At) : IConversationCommand;

/// <summary>An adapter reports a channel's state (a failed send's warning, a delivered validation message clearing it).</summary>
public sealed record RecordChannelState(
    ConversationId ConversationId,
    ChannelKind Channel,
    string Address,
    ChannelState State,
    string? Reason,
    int? ErrorCode,
    DateTimeOffset At) : IConversationCommand;

/// <summary>
/// An agent asks to check a contact's channel: a validation template goes out through the outbox (not as a transcript
/// message); its delivered status confirms the channel (Connected), a failure WhatsApp blames on the number sets Warning.
/// </summary>
public sealed record ValidateChannel(
    ConversationId ConversationId,
    string AgentId,
    string ClientMessageId,
    ChannelKind Channel,
    string Address,
    NotificationContent Notification,
    DateTimeOffset At) : IConversationCommand;

/// <summary>A channel validation was requested; the outbound dispatcher sends it, numbered per conversation (<paramref name="ValidationNumber"/>).</summary>
public sealed record ChannelValidationRequested(
    ConversationId ConversationId,
    ChannelKind Channel,
    string Address,
    long ValidationNumber,
    string AgentId,
    string ClientMessageId,
    NotificationContent Notification,
    DateTimeOffset At) : IConversationEvent;
