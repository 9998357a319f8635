namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>The outcome of fetching a media file WhatsApp holds (lookup, then download with the access token).</summary>
public abstract record MediaDownload
{
    /// <summary>The file: its lookup answer and the bytes.</summary>
    public sealed record Fetched(WhatsAppMediaInfo Info, byte[] Content) : MediaDownload;

    /// <summary>
    /// Not fetched. <paramref name="Retryable"/>: a rate limit, a server error, no answer; otherwise final (the media
    /// expired or is unknown, the token is refused, the file is larger than its type allows).
    /// </summary>
    public sealed record Failed(string Reason, bool Retryable) : MediaDownload;
}
