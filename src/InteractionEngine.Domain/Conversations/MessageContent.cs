namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// An image (or other file) held elsewhere; the conversation keeps only the reference. <paramref name="Sha256"/> is the
/// content's checksum when known (the channel's, hex or base64, for media a channel holds; hex for stored media).
/// </summary>
public sealed record Attachment(string Reference, string MimeType, long SizeBytes, string? FileName = null, string? Caption = null, string? Sha256 = null);

/// <summary>The contact pressed a reply button (or picked a list row) offered by an earlier message.</summary>
public sealed record ButtonReply(string Payload, string Text);

public enum NotificationButtonKind
{
    QuickReply,
    CallPhone,
    OpenUrl,
}

public sealed record NotificationButton(NotificationButtonKind Kind, string Text, string? Value = null);

/// <summary>A rendered template notification, exactly as it was sent.</summary>
public sealed record NotificationContent(
    string TemplateName,
    string Language,
    string Body,
    IReadOnlyDictionary<string, string> Fields,
    Attachment? HeaderImage,
    IReadOnlyList<NotificationButton> Buttons);

/// <summary>Who did something: the agent, the contact, or the engine itself (timers).</summary>
public enum Party
{
    Agent,
    Contact,
    System,
}

/// <summary>Delivery progress of an outbound message; it only ever moves forward (Failed is final).</summary>
public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Failed = 4,
}

public sealed record DeliveryError(int Code, string Title, string? Details = null);
