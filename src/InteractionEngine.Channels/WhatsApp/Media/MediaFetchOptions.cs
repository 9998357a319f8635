using InteractionEngine.Channels.WhatsApp.Cloud;

namespace InteractionEngine.Channels.WhatsApp.Media;

/// <summary>Section <c>WhatsApp:MediaFetch</c>: the background fetcher of contacts' media.</summary>
public sealed class MediaFetchOptions : ICloudApiFollowerOptions
{
    public const string Section = "WhatsApp:MediaFetch";
    public bool Enabled { get; set; } = true;
    /// <summary>Attempts per attachment; a retryable failure on the last one is recorded as final.</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>The wait after the first retryable failure; it doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Conversations fetched side by side; one conversation's media is fetched in order.</summary>
    public int Parallelism { get; set; } = 4;
    public int MaxBatchSize { get; set; } = 64;
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Hosts a media download may go to with the access token, besides the Graph base URL's host (always allowed).
    /// Unset: <see cref="MediaDownloadHosts.Default"/> (lookaside.fbsbx.com). An array, not a list, so configuration
    /// replaces the default instead of appending to it.
    /// </summary>
    public string[]? DownloadHosts { get; set; }

    /// <summary>
    /// WhatsApp keeps a webhook's media for 7 days: a fetch (or retry) later than this after the message was received
    /// is recorded as a final failure without asking Graph.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan RetryDelay(int failedAttempt) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Min(failedAttempt - 1, 20))));
}
