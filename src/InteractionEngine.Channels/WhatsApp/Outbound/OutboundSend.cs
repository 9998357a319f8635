using Akka.Persistence.Query;
using InteractionEngine.Domain.Conversations;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>
/// A journal event the WhatsApp dispatcher sends: a message or notification on WhatsApp by its message number, or a
/// channel validation by its validation number (a separate series: a validation is not a transcript message).
/// </summary>
public sealed record OutboundSend(ConversationId ConversationId, long Number, DateTimeOffset At, IConversationEvent Event)
{
    public bool Validation => Event is ChannelValidationRequested;

    public string ClaimId => WhatsAppDispatch.KeyOf(ConversationId, Number, Validation);

    /// <summary>The wa_id the event names (a connection request to a chosen number, a validation); null: the contact's number.</summary>
    public string? Address => Event switch
    {
        NotificationSent n => n.Address,
        ChannelValidationRequested v => v.Address,
        _ => null,
    };

    /// <summary>The send an envelope asks for, or null when it is not for WhatsApp's outbound side.</summary>
    public static OutboundSend? Of(EventEnvelope envelope) => envelope.Event switch
    {
        MessageSent { Channel: ChannelKind.WhatsApp } m => new(m.ConversationId, m.MessageNumber, m.At, m),
        NotificationSent { Channel: ChannelKind.WhatsApp } n => new(n.ConversationId, n.MessageNumber, n.At, n),
        ChannelValidationRequested { Channel: ChannelKind.WhatsApp } v => new(v.ConversationId, v.ValidationNumber, v.At, v),
        _ => null,
    };
}
