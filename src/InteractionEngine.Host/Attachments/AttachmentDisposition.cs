using System.Text;
using Microsoft.Net.Http.Headers;

namespace InteractionEngine.Host.Attachments;

/// <summary>
/// How a stored attachment is handed out: images a browser shows safely (not SVG, which may carry script) inline,
/// everything else as a download; the file name reduced to safe characters, with the original in filename* (RFC 6266).
/// </summary>
public static class AttachmentDisposition
{
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase) { "image/jpeg", "image/png", "image/gif", "image/webp" };

    public static string For(string mimeType, string? fileName, Guid id)
    {
        var inline = InlineTypes.Contains(mimeType);
        var header = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        header.SetHttpFileName(SafeName(fileName) ?? $"{id}{Extension(mimeType)}");
        return header.ToString();
    }

    /// <summary>The last path segment without control characters, quotes or separators; null when nothing is left.</summary>
    public static string? SafeName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return null;
        var last = fileName.Replace('\\', '/').Split('/')[^1];
        var kept = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
            kept.Append(char.IsControl(c) || c is '"' or ';' or ':' or '*' or '?' or '<' or '>' or '|' ? '_' : c);
        var name = kept.ToString().Trim().TrimStart('.');
        return name.Length == 0 ? null : name.Length > 120 ? name[..120] : name;
    }

    private static string Extension(string mimeType) => mimeType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "video/mp4" => ".mp4",
        _ => "",
    };
}
