using System.Text.Json;
using InteractionEngine.Channels.WhatsApp.Webhooks;

namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>The answer of GET /{media-id}: {messaging_product, url, mime_type, sha256, file_size, id}.</summary>
public sealed record WhatsAppMediaInfo(string Id, string Url, string MimeType, string? Sha256, long FileSize)
{
    internal static WhatsAppMediaInfo? Read(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.Str("id") is { } id && root.Str("url") is { } url && long.TryParse(root.Str("file_size"), out var size)
                ? new WhatsAppMediaInfo(id, url, root.Str("mime_type") ?? "application/octet-stream", root.Str("sha256"), size)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
