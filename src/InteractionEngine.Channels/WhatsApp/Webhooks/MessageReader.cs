using System.Text.Json;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>Reads one <c>value.messages[]</c> object.</summary>
internal static class MessageReader
{
    private static readonly string[] MediaTypes = ["image", "audio", "video", "document", "sticker"];

    public static WhatsAppInboundMessage? Read(
        string phoneNumberId, JsonElement m, IReadOnlyList<(string? WaId, string? Name)> profiles, string where, List<string> problems)
    {
        var wamid = m.Str("id").NullIfEmpty();
        var from = m.Str("from").NullIfEmpty();
        var sentAt = m.UnixSeconds("timestamp");
        var type = m.Str("type").NullIfEmpty();
        if (wamid is null || from is null || sentAt is null || type is null)
        {
            // Without an id the message cannot be deduplicated, without a sender it has no conversation.
            problems.Add($"{where}: skipped, missing {(wamid is null ? "id" : from is null ? "from" : sentAt is null ? "a unix timestamp" : "type")}");
            return null;
        }

        var profileName = profiles.FirstOrDefault(p => p.WaId == from).Name
                          ?? (profiles.Count == 1 ? profiles[0].Name : null);
        string? text = null, interactiveType = null, sha256 = null;
        Attachment? attachment = null;
        ButtonReply? buttonReply = null;
        WhatsAppReaction? reaction = null;
        SharedContent? shared = null;

        switch (type)
        {
            case "text":
                text = m.Obj("text").Str("body");
                break;
            case var media when MediaTypes.Contains(media):
                (attachment, sha256) = Media(m.Obj(media), where, problems);
                break;
            case "interactive":
                var interactive = m.Obj("interactive");
                interactiveType = interactive.Str("type");
                // button_reply {id, title}; list_reply {id, title, description}: the description was written by
                // the business in its own list message, so only the chosen row's id and title are kept.
                if (interactiveType is "button_reply" or "list_reply" && interactive?.Obj(interactiveType) is { } reply
                    && reply.Str("id") is { } replyId)
                    buttonReply = new ButtonReply(replyId, reply.Str("title") ?? replyId);
                break;
            case "button":
                // A quick-reply button of a template: payload is what the business set when sending (or the text).
                var button = m.Obj("button");
                if (button.Str("text") is { } buttonText)
                    buttonReply = new ButtonReply(button.Str("payload").NullIfEmpty() ?? buttonText, buttonText);
                break;
            case "contacts":
                shared = SharedContentReader.Contacts(m, where, problems);
                break;
            case "location":
                shared = SharedContentReader.Location(m, where, problems);
                break;
            case "reaction":
                var r = m.Obj("reaction");
                if (r.Str("message_id") is { } reacted) reaction = new WhatsAppReaction(reacted, r.Str("emoji").NullIfEmpty());
                else problems.Add($"{where}: reaction without message_id kept as an unmodelled message");
                break;
        }

        var errors = m.Arr("errors").Select(ErrorReader.Read).ToList();
        var inReplyTo = m.Obj("context").Str("id").NullIfEmpty();
        return new WhatsAppInboundMessage(phoneNumberId, wamid, from, profileName, sentAt.Value, type, text, attachment, sha256,
            interactiveType, buttonReply, inReplyTo, reaction, errors, m.GetRawText(), shared);
    }

    private static (Attachment?, string?) Media(JsonElement? media, string where, List<string> problems)
    {
        var id = media.Str("id").NullIfEmpty();
        if (id is null)
        {
            problems.Add($"{where}: media without an id; kept without attachment");
            return (null, null);
        }
        // Meta always sends mime_type; the fallback keeps the message valid should it ever be absent.
        var mimeType = media.Str("mime_type").NullIfEmpty() ?? "application/octet-stream";
        // The webhook carries no size: 0 means unknown until the media is fetched (GET /{media-id} gives file_size).
        var attachment = new Attachment(WhatsAppMedia.Reference(id), mimeType, 0, media.Str("filename").NullIfEmpty(), media.Str("caption").NullIfEmpty(),
            media.Str("sha256").NullIfEmpty());
        return (attachment, media.Str("sha256").NullIfEmpty());
    }
}

/// <summary>Reads one <c>value.statuses[]</c> object.</summary>
internal static class StatusReader
{
    public static WhatsAppStatus? Read(string phoneNumberId, JsonElement s, string where, List<string> problems)
    {
        var wamid = s.Str("id").NullIfEmpty();
        var status = s.Str("status").NullIfEmpty();
        var timestamp = s.UnixSeconds("timestamp");
        if (wamid is null || status is null || timestamp is null)
        {
            problems.Add($"{where}: skipped, missing {(wamid is null ? "id" : status is null ? "status" : "a unix timestamp")}");
            return null;
        }
        return new WhatsAppStatus(phoneNumberId, wamid, status, timestamp.Value, s.Str("recipient_id").NullIfEmpty(),
            s.Arr("errors").Select(ErrorReader.Read).ToList(), s.Obj("pricing").Str("category"),
            s.Str("biz_opaque_callback_data").NullIfEmpty(), s.GetRawText());
    }
}

/// <summary>Reads an error object: {code, title, message, error_data{details}, href}.</summary>
internal static class ErrorReader
{
    public static WhatsAppPlatformError Read(JsonElement e) =>
        new(e.Int("code") ?? 0, e.Str("title").NullIfEmpty(), e.Str("message").NullIfEmpty(),
            e.Obj("error_data").Str("details").NullIfEmpty() ?? e.Str("details").NullIfEmpty(), e.Str("href").NullIfEmpty());
}
