namespace InteractionEngine.Host.Http;

/// <summary>The Idempotency-Key header a client sends to make a retried command answer as the first attempt did.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public static string? Of(HttpContext http) =>
        http.Request.Headers[Header].ToString() is { Length: > 0 and <= 200 } key ? key : null;
}
