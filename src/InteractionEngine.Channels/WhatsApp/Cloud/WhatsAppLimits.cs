using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>
/// WhatsApp's own limits, checked before anything is sent so a message that cannot go out is refused with a clear
/// reason instead of costing a request. Lengths count UTF-16 code units: an emoji counts as 2, which is the stricter
/// reading of Meta's "characters".
/// </summary>
public static class WhatsAppLimits
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const long MaxImageBytes = 5 * 1024 * 1024;
    public const int MaxCallbackDataLength = 512;
    public static readonly IReadOnlySet<string> ImageMimeTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "image/jpeg", "image/png" };

    /// <summary>
    /// The largest media of a WhatsApp message type (Cloud API "supported media types"): audio and video 16 MB, documents
    /// 100 MB, images 5 MB, stickers 500 KB (animated; static ones are 100 KB). Unknown types get the document limit.
    /// </summary>
    public static long MaxMediaBytes(string? messageType, string? mimeType) => (messageType ?? MediaKindOf(mimeType)) switch
    {
        "image" => MaxImageBytes,
        "audio" or "video" => 16L * 1024 * 1024,
        "sticker" => 500L * 1024,
        _ => 100L * 1024 * 1024,
    };

    /// <summary>Why media of <paramref name="sizeBytes"/> is not what WhatsApp would deliver for its type, or null.</summary>
    public static string? MediaSizeProblem(string? messageType, string? mimeType, long sizeBytes)
    {
        var max = MaxMediaBytes(messageType, mimeType);
        if (sizeBytes <= 0) return "the media is empty";
        return sizeBytes > max ? $"the media is {sizeBytes} bytes; {messageType ?? MediaKindOf(mimeType)} media may be at most {max} bytes" : null;
    }

    private static string MediaKindOf(string? mimeType) => mimeType?.Split('/')[0] switch
    {
        "image" => "image",
        "audio" => "audio",
        "video" => "video",
        _ => "document",
    };

    public static string? RecipientProblem(string? to)
    {
        // The Cloud API takes the number with or without '+'; it needs the country code either way.
        var digits = to?.StartsWith('+') == true ? to[1..] : to;
        return string.IsNullOrEmpty(digits) || digits.Length is < 7 or > 15 || !digits.All(char.IsAsciiDigit)
            ? $"recipient '{to}' is not a phone number with country code (E.164 or wa_id)"
            : null;
    }

    public static string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "text is empty"
        : text.Length > MaxTextLength ? $"text is {text.Length} characters; WhatsApp allows at most {MaxTextLength}"
        : null;

    public static string? ImageProblem(Attachment image)
    {
        if (!ImageMimeTypes.Contains(image.MimeType))
            return $"image type '{image.MimeType}' is not supported; WhatsApp accepts {string.Join(" and ", ImageMimeTypes)}";
        if (image.SizeBytes > MaxImageBytes)
            return $"image is {image.SizeBytes} bytes; WhatsApp allows at most {MaxImageBytes} (5 MB)";
        if (image.Caption is { Length: > MaxCaptionLength })
            return $"caption is {image.Caption.Length} characters; WhatsApp allows at most {MaxCaptionLength}";
        return MediaReference(image.Reference, out _) is null && !WhatsAppMedia.IsEngineAttachment(image.Reference)
            ? $"image reference '{image.Reference}' is neither a WhatsApp media id, an https link nor an uploaded attachment"
            : null;
    }

    /// <summary>
    /// The bytes of an image about to be uploaded to WhatsApp's media endpoint: jpeg or png, not empty, at most 5 MB,
    /// and the content really is of the declared type (WhatsApp refuses a gif labelled image/jpeg after the upload).
    /// </summary>
    public static string? ImageContentProblem(string? mimeType, ReadOnlySpan<byte> content)
    {
        var mime = mimeType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mime is null || !ImageMimeTypes.Contains(mime))
            return $"image type '{mimeType}' is not supported; WhatsApp accepts {string.Join(" and ", ImageMimeTypes)}";
        if (content.IsEmpty) return "the image is empty";
        if (content.Length > MaxImageBytes)
            return $"image is {content.Length} bytes; WhatsApp allows at most {MaxImageBytes} (5 MB)";
        var matches = mime == "image/png" ? content.StartsWith(PngSignature) : content.StartsWith(JpegSignature);
        return matches ? null : $"the image's content is not {mime}";
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    /// <summary>"whatsapp-media:{id}" → {id}; an http(s) URL → {link}; anything else cannot be sent.</summary>
    public static MediaObject? MediaReference(string reference, out string? error)
    {
        error = null;
        if (WhatsAppMedia.TryGetMediaId(reference, out var mediaId)) return new MediaObject(Id: mediaId);
        if (WhatsAppMedia.IsEngineAttachment(reference))
        {
            error = $"'{reference}' is an image uploaded to the engine: upload it to WhatsApp first (UploadImageAsync) and send its media id";
            return null;
        }
        if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            return new MediaObject(Link: uri.AbsoluteUri);
        error = $"'{reference}' is not a media reference";
        return null;
    }
}
