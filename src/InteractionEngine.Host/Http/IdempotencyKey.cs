namespace InteractionEngine.Host.Http;

/// <summary>The Idempotency-Key header a client sends to make a retried command answer as the first attempt did.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    private const string FingerprintItem = "ie:idempotency-fingerprint";

    public static string? Of(HttpContext http) =>
        http.Request.Headers[Header].ToString() is { Length: > 0 and <= 200 } key ? key : null;

    /// <summary>The hash of the canonical request (method, path, body) that <see cref="IdempotencyFingerprintMiddleware"/> took, or null.</summary>
    public static string? FingerprintOf(HttpContext http) => http.Items[FingerprintItem] as string;

    internal static void SetFingerprint(HttpContext http, string fingerprint) => http.Items[FingerprintItem] = fingerprint;
}
