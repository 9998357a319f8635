namespace InteractionEngine.WhatsAppEmulator;

/// <summary>Configuration section <c>Emulator</c> (appsettings.json, or env vars such as Emulator__CallbackUrl).</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    public const string DefaultAccessToken = "emulator-token";

    /// <summary>Bearer tokens the messages endpoint accepts (none configured: "emulator-token").</summary>
    public List<string> AccessTokens { get; set; } = [];

    /// <summary>Signs every webhook (X-Hub-Signature-256), as the app secret does for Meta.</summary>
    public string AppSecret { get; set; } = "emulator-app-secret";

    /// <summary>The engine's webhook URL; empty: webhooks are built and logged but not posted.</summary>
    public string CallbackUrl { get; set; } = "";

    public string BusinessAccountId { get; set; } = "100000000000000";

    /// <summary>Business numbers that can send; any other phone number id gets Graph error 100/33 (none configured: one default).</summary>
    public List<BusinessNumber> PhoneNumbers { get; set; } = [];

    /// <summary>Non-empty: only these recipients can be messaged, others get 131030 (as with a development app's test number).</summary>
    public List<string> AllowedRecipients { get; set; } = [];

    /// <summary>Recipients that are not on WhatsApp: their messages fail with 131026.</summary>
    public List<string> UnreachableNumbers { get; set; } = [];

    /// <summary>Webhook (the real platform's way: 200 + a failed status webhook) or Response (a 400 answer).</summary>
    public UnreachableMode UnreachableMode { get; set; } = UnreachableMode.Webhook;

    /// <summary>How long media a contact sends can be looked up and downloaded (Meta keeps it about 30 days).</summary>
    public TimeSpan MediaLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The next N sends are answered 429 with error 130429.</summary>
    public int RateLimitNext { get; set; }

    public StatusDelays StatusDelays { get; set; } = new();

    /// <summary>Post every status webhook twice, as Meta sometimes does.</summary>
    public bool DuplicateStatuses { get; set; }

    /// <summary>Free-form messages to a contact who has not written (through the emulator) in 24 h fail with 131047.</summary>
    public bool EnforceCustomerServiceWindow { get; set; }

    /// <summary>Optional template catalog (config/whatsapp-templates.json); when set, unknown templates get 132001 and wrong parameter counts 132000.</summary>
    public string TemplatesPath { get; set; } = "";

    /// <summary>Attempts per webhook POST before giving up (Meta keeps retrying for days; the emulator does not).</summary>
    public int WebhookMaxAttempts { get; set; } = 5;

    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    // Lists bind by appending, so defaults cannot sit in the lists themselves.
    internal IReadOnlyList<string> EffectiveAccessTokens => AccessTokens.Count > 0 ? AccessTokens : [DefaultAccessToken];

    internal IReadOnlyList<BusinessNumber> EffectivePhoneNumbers =>
        PhoneNumbers.Count > 0 ? PhoneNumbers : [new BusinessNumber { PhoneNumberId = "100000000000001", DisplayPhoneNumber = "15550001111" }];
}

public sealed class BusinessNumber
{
    public string PhoneNumberId { get; set; } = "";
    public string DisplayPhoneNumber { get; set; } = "";
}

public enum UnreachableMode
{
    Webhook,
    Response,
}

/// <summary>Time from acceptance to each status; Read empty: the contact has read receipts off.</summary>
public sealed class StatusDelays
{
    public TimeSpan Sent { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan Delivered { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan? Read { get; set; } = TimeSpan.FromSeconds(3);
}
