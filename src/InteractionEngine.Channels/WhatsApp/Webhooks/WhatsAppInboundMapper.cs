using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>Turns a contact's WhatsApp message into the domain's <see cref="ReceiveMessage"/>.</summary>
public static class WhatsAppInboundMapper
{
    /// <summary>A default contact id: the contact's number in E.164 ('+' is allowed in conversation ids).</summary>
    public static ConversationId ByE164(string tenant, string waId) => new(tenant, "+" + waId);

    /// <param name="message">The parsed message.</param>
    /// <param name="tenant">The tenant owning <see cref="WhatsAppInboundMessage.PhoneNumberId"/> (the caller resolves it).</param>
    /// <param name="conversationId">Builds the conversation id from tenant and wa_id (e.g. through a contact directory).</param>
    /// <param name="receivedAt">When the webhook entered the engine (from the caller's TimeProvider).</param>
    /// <param name="mediaSize">Known media sizes by media id (e.g. from GET /{media-id}); otherwise size stays 0, unknown.</param>
    public static ReceiveMessage ToReceiveMessage(
        WhatsAppInboundMessage message,
        string tenant,
        Func<string, string, ConversationId> conversationId,
        DateTimeOffset receivedAt,
        Func<string, long?>? mediaSize = null)
    {
        var attachment = message.Attachment;
        if (attachment is not null && WhatsAppMedia.TryGetMediaId(attachment.Reference, out var mediaId)
            && mediaSize?.Invoke(mediaId) is > 0 and var size)
            attachment = attachment with { SizeBytes = size };

        // A reaction becomes a message in reply to the reacted one, with the emoji as its text (none: removed);
        // the domain has no reaction event yet (see the proposal in docs/whatsapp.md).
        var text = message.Reaction is { } reaction ? reaction.Emoji : message.Text;
        var inReplyTo = message.Reaction?.MessageId ?? message.InReplyTo;
        return new ReceiveMessage(
            conversationId(tenant, message.From),
            ChannelKind.WhatsApp,
            message.Wamid,
            text,
            attachment is null ? [] : [attachment],
            message.SentAt,
            receivedAt,
            inReplyTo,
            message.ButtonReply,
            ChannelMessageType(message),
            message.Shared,
            ProfileName(message.ProfileName),
            message.From);
    }

    /// <summary>The contact's WhatsApp profile name (webhook contacts[].profile.name), trimmed; none when blank; at most 256 characters.</summary>
    public static string? ProfileName(string? name) =>
        name?.Trim() is { Length: > 0 } trimmed ? trimmed[..Math.Min(trimmed.Length, MaxProfileNameLength)] : null;

    public const int MaxProfileNameLength = 256;

    /// <summary>WhatsApp's type, with the interactive kind ("interactive.button_reply"); always set, so no message is empty.</summary>
    public static string ChannelMessageType(WhatsAppInboundMessage message) =>
        message.Type == "interactive" && message.InteractiveType is { } kind ? $"interactive.{kind}" : message.Type;
}
