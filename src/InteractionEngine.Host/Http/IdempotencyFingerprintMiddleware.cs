namespace InteractionEngine.Host.Http;

/// <summary>
/// For a request with an Idempotency-Key, reads the body once (kept for the endpoint to read again) and records the
/// request's fingerprint, so that the key can be bound to the request it was first used for: a repeat with another
/// body is a different request and must not be told the first one's answer.
/// Runs after the body size check, so it never buffers more than the endpoint accepts.
/// </summary>
public sealed class IdempotencyFingerprintMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IdempotencyKey.Of(context) is not null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.EnableBuffering();
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            context.Request.Body.Position = 0;
            IdempotencyKey.SetFingerprint(context, RequestFingerprint.Of(context.Request.Method, context.Request.Path.Value ?? "", body.GetBuffer().AsSpan(0, (int)body.Length)));
        }
        await next(context);
    }
}
