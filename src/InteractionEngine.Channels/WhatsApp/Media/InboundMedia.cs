using System.Security.Cryptography;
using System.Text;
using Akka.Persistence.Query;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>A contact's WhatsApp message whose attachments WhatsApp holds ("whatsapp-media:{id}"), as the journal has it.</summary>
public sealed record InboundMedia(ConversationId ConversationId, long MessageNumber, string? MessageType, IReadOnlyList<(int Index, Attachment Attachment)> Attachments,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The media an envelope brings, or null when it is not an inbound WhatsApp message with channel-held media.</summary>
    public static InboundMedia? Of(EventEnvelope envelope)
    {
        if (envelope.Event is not MessageReceived { Channel: ChannelKind.WhatsApp } m) return null;
        var held = m.Attachments.Select((a, i) => (Index: i, Attachment: a)).Where(x => WhatsAppMedia.TryGetMediaId(x.Attachment.Reference, out _)).ToList();
        return held.Count == 0 ? null : new InboundMedia(m.ConversationId, m.MessageNumber, m.ChannelMessageType, held, m.At);
    }

    /// <summary>
    /// The attachment store id of one attachment: derived from the conversation, message number and index, so a
    /// refetch after a crash finds (or writes) the same row instead of a second copy.
    /// </summary>
    public Guid StoredId(int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"contact-media/{ConversationId.Value}/{MessageNumber}/{index}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style (name-based) and RFC 4122 variant bits
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
