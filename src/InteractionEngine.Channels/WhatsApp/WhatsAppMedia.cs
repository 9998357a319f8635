namespace InteractionEngine.Channels.WhatsApp;

/// <summary>
/// How the engine refers to media WhatsApp holds: "whatsapp-media:{media id}". Inbound media ids come from the
/// webhook; fetching the bytes (GET /{media-id}, then its url) is left to whoever needs them.
/// </summary>
public static class WhatsAppMedia
{
    public const string ReferencePrefix = "whatsapp-media:";

    /// <summary>Images uploaded to the engine (POST /api/v1/attachments) are "attachment:{id}"; WhatsApp needs them uploaded to its media endpoint first.</summary>
    public const string EngineAttachmentPrefix = "attachment:";

    public static bool IsEngineAttachment(string? reference) =>
        reference is not null && reference.StartsWith(EngineAttachmentPrefix, StringComparison.Ordinal) && reference.Length > EngineAttachmentPrefix.Length;

    public static string Reference(string mediaId) => ReferencePrefix + mediaId;

    public static bool TryGetMediaId(string? reference, out string mediaId)
    {
        mediaId = "";
        if (reference is null || !reference.StartsWith(ReferencePrefix, StringComparison.Ordinal) || reference.Length == ReferencePrefix.Length)
            return false;
        mediaId = reference[ReferencePrefix.Length..];
        return true;
    }
}
