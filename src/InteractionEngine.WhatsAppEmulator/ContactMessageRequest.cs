using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// What a simulated contact does (POST /emulator/contacts/{wa_id}/messages): exactly one of text, button (a template
/// quick reply, with replyTo), interactive (button_reply / list_reply), image, document, reaction. Media the contact
/// sends is kept by the emulator for lookups and downloads until it expires (<see cref="EmulatorOptions.MediaLifetime"/>).
/// </summary>
public sealed record ContactMessageRequest(
    string? ProfileName = null,
    string? Text = null,
    string? ReplyTo = null,
    ButtonPress? Button = null,
    InteractivePick? Interactive = null,
    ImageUpload? Image = null,
    ReactionRequest? Reaction = null,
    string? PhoneNumberId = null,
    DocumentUpload? Document = null)
{
    internal string? Problem()
    {
        var kinds = new object?[] { Text, Button, Interactive, Image, Reaction, Document }.Count(k => k is not null);
        if (kinds != 1) return "give exactly one of text, button, interactive, image, document, reaction";
        if (Image?.Base64 is { } imageBytes && !IsBase64(imageBytes)) return "image.base64 is not base64";
        if (Document is not null && (string.IsNullOrWhiteSpace(Document.FileName) || Document.Base64 is { } b && !IsBase64(b)))
            return "a document needs a fileName, and base64 (when given) must be base64";
        if (Text is { Length: 0 or > 4096 }) return "text must be 1–4096 characters";
        if (Button is not null && (string.IsNullOrEmpty(ReplyTo) || string.IsNullOrEmpty(Button.Text)))
            return "a button press needs its text and replyTo (the wamid of the template message)";
        if (Interactive is not null && (Interactive.Type is not ("button_reply" or "list_reply") || string.IsNullOrEmpty(Interactive.Id)))
            return "interactive needs type button_reply or list_reply and an id";
        if (Reaction is not null && string.IsNullOrEmpty(Reaction.MessageId)) return "reaction needs messageId";
        return null;
    }

    /// <summary>The message's type and its type object as the webhook carries it.</summary>
    internal (string Type, JsonNode Content) Content(Func<string?, string, byte[], StoredMedia> store) => this switch
    {
        { Text: { } text } => ("text", new JsonObject { ["body"] = text }),
        // A quick reply without a payload set at send time echoes the button text.
        { Button: { } b } => ("button", new JsonObject { ["payload"] = b.Payload ?? b.Text, ["text"] = b.Text }),
        { Interactive: { } i } => ("interactive", InteractiveContent(i)),
        { Image: { } image } => ("image", MediaContent(store(image.MimeType, "image/png", Bytes(image.Base64) ?? OnePixelPng), image.Caption, null)),
        { Document: { } d } => ("document", MediaContent(store(d.MimeType, "application/pdf", Bytes(d.Base64) ?? TinyPdf), d.Caption, d.FileName)),
        { Reaction: { } r } => ("reaction", new JsonObject { ["message_id"] = r.MessageId, ["emoji"] = r.Emoji ?? "" }),
        _ => throw new InvalidOperationException("no content"),
    };

    private static JsonObject InteractiveContent(InteractivePick i)
    {
        var reply = new JsonObject { ["id"] = i.Id, ["title"] = i.Title ?? i.Id };
        if (i.Type == "list_reply" && i.Description is not null) reply["description"] = i.Description;
        return new JsonObject { ["type"] = i.Type, [i.Type] = reply };
    }

    /// <summary>The media object as Meta's webhook carries it: mime_type, the real sha256 (base64), id, and caption / filename.</summary>
    private static JsonObject MediaContent(StoredMedia media, string? caption, string? fileName)
    {
        var content = new JsonObject { ["mime_type"] = media.MimeType, ["sha256"] = media.Sha256, ["id"] = media.Id };
        if (caption is not null) content["caption"] = caption;
        if (fileName is not null) content["filename"] = fileName;
        return content;
    }

    internal static StoredMedia NewMedia(string mimeType, byte[] bytes, DateTimeOffset? expiresAt)
    {
        var id = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
        return new StoredMedia(id, mimeType, bytes, Convert.ToBase64String(SHA256.HashData(bytes)), expiresAt);
    }

    private static byte[]? Bytes(string? base64) => base64 is null ? null : Convert.FromBase64String(base64);

    private static bool IsBase64(string s) => Convert.TryFromBase64String(s, new byte[s.Length], out _);

    private static readonly byte[] TinyPdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
}

public sealed record ButtonPress(string Text, string? Payload = null);

public sealed record InteractivePick(string Type, string Id, string? Title = null, string? Description = null);

/// <summary>An image the contact sends; without <paramref name="Base64"/> a 1×1 PNG.</summary>
public sealed record ImageUpload(string? MimeType = null, string? Caption = null, string? Base64 = null);

/// <summary>A document the contact sends; without <paramref name="Base64"/> a tiny PDF.</summary>
public sealed record DocumentUpload(string FileName, string? MimeType = null, string? Caption = null, string? Base64 = null);

/// <summary>A reaction; an empty emoji removes it.</summary>
public sealed record ReactionRequest(string MessageId, string? Emoji);
