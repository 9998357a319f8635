namespace InteractionEngine.Channels.WhatsApp.Cloud;

/// <summary>Configuration section <c>WhatsApp:Cloud</c> (see docs/whatsapp.md).</summary>
public sealed class WhatsAppCloudOptions
{
    public const string Section = "WhatsApp:Cloud";

    /// <summary>Graph API root; the emulator's address in demos and tests.</summary>
    public string BaseUrl { get; set; } = "https://graph.facebook.com";

    public string ApiVersion { get; set; } = "v21.0";

    /// <summary>The business number sends come from, unless a send names another (<see cref="SendOptions.PhoneNumberId"/>).</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>A system user access token with whatsapp_business_messaging permission.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>Attempts per send, the first included (so 4 = at most 3 retries).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First retry waits about this long; each further retry doubles it (with jitter), up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt gets no answer within this time: its outcome is unknown and it is not retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    internal string? Problem() =>
        !Uri.TryCreate(BaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https") ? $"BaseUrl '{BaseUrl}' is not an http(s) URL"
        : string.IsNullOrWhiteSpace(ApiVersion) ? "ApiVersion is required (e.g. v21.0)"
        : string.IsNullOrWhiteSpace(AccessToken) ? "AccessToken is required"
        : MaxAttempts is < 1 or > 10 ? "MaxAttempts must be between 1 and 10"
        : RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay ? "RetryBaseDelay must be ≥ 0 and ≤ RetryMaxDelay"
        : AttemptTimeout <= TimeSpan.Zero ? "AttemptTimeout must be positive"
        : null;
}
