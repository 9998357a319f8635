namespace InteractionEngine.Host.Attachments;

/// <summary>
/// What an image really is, read from its first bytes (magic numbers), never from the type a client declares: a file
/// labelled image/png that is HTML or a gif must not be stored, served or sent as a png.
/// </summary>
public static class ImageSignature
{
    /// <summary>The media type the content starts like, or null when it is none of the images the engine takes.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Png)) return "image/png";
        if (content.StartsWith(Jpeg)) return "image/jpeg";
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return "image/gif";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
}
