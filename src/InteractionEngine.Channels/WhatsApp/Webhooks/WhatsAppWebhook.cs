using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Webhooks;

/// <summary>The outcome of reading a webhook body: the payload, or why it is not one (the endpoint answers 400).</summary>
public sealed record WebhookParseResult(WhatsAppWebhook? Webhook, string? Error)
{
    public bool IsValid => Webhook is not null;
    internal static WebhookParseResult Ok(WhatsAppWebhook webhook) => new(webhook, null);
    internal static WebhookParseResult Fail(string error) => new(null, error);
}

/// <summary>
/// One POST from Meta: <c>object</c>, and every <c>entry[].changes[]</c> flattened in order.
/// <paramref name="Problems"/> lists items that were skipped (e.g. a message without an id): one bad item
/// must not make Meta redeliver the whole batch for days.
/// </summary>
public sealed record WhatsAppWebhook(string Object, IReadOnlyList<WhatsAppChange> Changes, IReadOnlyList<string> Problems)
{
    public IEnumerable<WhatsAppInboundMessage> Messages => Changes.SelectMany(c => c.Messages);
    public IEnumerable<WhatsAppStatus> Statuses => Changes.SelectMany(c => c.Statuses);
    public IEnumerable<WhatsAppPlatformError> Errors => Changes.SelectMany(c => c.Errors);
}

/// <summary>
/// One <c>changes[]</c> item. Only <c>field</c> "messages" carries messages and statuses; other subscribed fields
/// (template status updates, account updates) are kept with their field name and nothing else.
/// </summary>
public sealed record WhatsAppChange(
    string BusinessAccountId,
    string Field,
    string? PhoneNumberId,
    string? DisplayPhoneNumber,
    IReadOnlyList<WhatsAppInboundMessage> Messages,
    IReadOnlyList<WhatsAppStatus> Statuses,
    IReadOnlyList<WhatsAppPlatformError> Errors);

/// <summary>
/// A contact's message. <paramref name="Type"/> is WhatsApp's own type name, kept for every type (also ones
/// this adapter does not model, with <paramref name="RawJson"/> holding the message object as received).
/// Media becomes an <see cref="Attachment"/> referencing "whatsapp-media:{id}"; the webhook carries no size,
/// so <see cref="Attachment.SizeBytes"/> is 0 (unknown) until the media is fetched (see docs/whatsapp.md); its sha256
/// is kept on the attachment for the fetcher's check. Contact cards and locations become <paramref name="Shared"/>.
/// </summary>
public sealed record WhatsAppInboundMessage(
    string PhoneNumberId,
    string Wamid,
    string From,
    string? ProfileName,
    DateTimeOffset SentAt,
    string Type,
    string? Text,
    Attachment? Attachment,
    string? MediaSha256,
    string? InteractiveType,
    ButtonReply? ButtonReply,
    string? InReplyTo,
    WhatsAppReaction? Reaction,
    IReadOnlyList<WhatsAppPlatformError> Errors,
    string RawJson,
    SharedContent? Shared = null)
{
    /// <summary>True when the type was turned into text, an attachment, a button reply or a reaction; otherwise only the raw JSON holds it.</summary>
    public bool IsModelled => Type switch
    {
        "text" => true,
        "image" or "audio" or "video" or "document" or "sticker" => Attachment is not null,
        "interactive" or "button" => ButtonReply is not null,
        "reaction" => Reaction is not null,
        "contacts" or "location" => Shared is not null,
        _ => false,
    };
}

/// <summary>The contact reacted to <paramref name="MessageId"/>; a null <paramref name="Emoji"/> removes the reaction.</summary>
public sealed record WhatsAppReaction(string MessageId, string? Emoji);

/// <summary>
/// Progress of a message the business sent. <paramref name="Status"/> is WhatsApp's word (sent, delivered,
/// read, failed, and others such as deleted or played that the engine does not track).
/// </summary>
public sealed record WhatsAppStatus(
    string PhoneNumberId,
    string Wamid,
    string Status,
    DateTimeOffset Timestamp,
    string? RecipientId,
    IReadOnlyList<WhatsAppPlatformError> Errors,
    string? PricingCategory,
    string? BizOpaqueCallbackData,
    string RawJson);

/// <summary>An error object as WhatsApp reports it in webhooks (value.errors, messages[].errors, statuses[].errors).</summary>
public sealed record WhatsAppPlatformError(int Code, string? Title, string? Message, string? Details, string? Href)
{
    public DeliveryError ToDeliveryError() => new(Code, Title ?? Message ?? $"WhatsApp error {Code}", Details);
}
