namespace InteractionEngine.Channels.WhatsApp;

/// <summary>
/// Cloud API error codes the engine acts on (Meta's error-code reference), and the engine's own codes, which are
/// negative so they can never collide with Meta's.
/// </summary>
public static class WhatsAppErrorCodes
{
    // Meta's codes
    public const int ApiUnknown = 1;
    public const int ApiService = 2;
    public const int ApiTooManyCalls = 4;
    public const int InvalidParameter = 100;
    public const int AccessTokenRequired = 104;
    public const int AccessTokenInvalid = 190;
    public const int BusinessAccountRateLimit = 80007;
    public const int CloudRateLimit = 130429;
    public const int SomethingWentWrong = 131000;
    public const int ServiceUnavailable = 131016;
    public const int Undeliverable = 131026;
    public const int RecipientNotAllowed = 131030;
    public const int ReEngagementRequired = 131047;
    public const int SpamRateLimit = 131048;
    public const int UnsupportedMessageType = 131051;
    public const int PairRateLimit = 131056;
    public const int TemplateParameterCountMismatch = 132000;
    public const int TemplateDoesNotExist = 132001;

    // The engine's codes
    /// <summary>No error object came with a failure.</summary>
    public const int Unknown = 0;
    /// <summary>The send may or may not have been accepted (no answer, or an answer that does not say); it is not resent.</summary>
    public const int OutcomeUnknown = -1;
    /// <summary>Refused before sending: it breaks a WhatsApp limit (text length, image type or size, template not approved).</summary>
    public const int RefusedBeforeSend = -2;
    /// <summary>The Cloud API could not be reached (no connection, every attempt).</summary>
    public const int Unreachable = -3;

    /// <summary>
    /// Codes that say the contact cannot be reached on this number (not on WhatsApp, old app, terms not accepted, or not
    /// in a test app's recipient list): the channel deserves a warning, unlike a closed 24-hour window or throttling.
    /// </summary>
    public static bool IsChannelProblem(int code) => code is Undeliverable or RecipientNotAllowed;

    /// <summary>Codes that mean "not now": the request was refused for throughput or a passing fault, so resending is safe.</summary>
    public static bool IsTransient(int code) => code is ApiUnknown or ApiService or ApiTooManyCalls or BusinessAccountRateLimit
        or CloudRateLimit or SomethingWentWrong or ServiceUnavailable or PairRateLimit;
}
