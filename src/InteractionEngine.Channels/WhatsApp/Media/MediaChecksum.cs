using System.Security.Cryptography;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>
/// The webhook's (or the media lookup's) sha256 of a media file against the bytes downloaded. WhatsApp writes it
/// in base64 in webhooks and in hex in some answers, so both spellings of the same digest match.
/// </summary>
public static class MediaChecksum
{
    public static string Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Null when <paramref name="expected"/> is absent or names the content's digest; otherwise why not.</summary>
    public static string? Problem(string? expected, ReadOnlySpan<byte> content)
    {
        if (string.IsNullOrWhiteSpace(expected)) return null;
        var digest = SHA256.HashData(content);
        var given = expected.Trim();
        if (given.Equals(Convert.ToHexString(digest), StringComparison.OrdinalIgnoreCase)) return null;
        if (given.TrimEnd('=') == Convert.ToBase64String(digest).TrimEnd('=')) return null;
        return $"checksum mismatch: WhatsApp announced sha256 {given}, the downloaded content is {Convert.ToHexStringLower(digest)}";
    }
}
