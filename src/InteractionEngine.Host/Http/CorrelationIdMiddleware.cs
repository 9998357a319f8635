using InteractionEngine.Actors.Conversations;
using Serilog.Context;

namespace InteractionEngine.Host.Http;

/// <summary>
/// Takes the caller's X-Correlation-Id (or makes one), echoes it, and puts it on every log line of the request;
/// commands carry it into the conversation actor and, as a journal tag, into the read-side pipeline's logs.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[Header].ToString();
        var id = CorrelatedCommand.IsValid(presented) ? presented : Guid.NewGuid().ToString("N");
        context.Items[Header] = id;
        context.Response.Headers[Header] = id;
        using (LogContext.PushProperty("CorrelationId", id))
            await next(context);
    }

    public static string? Of(HttpContext context) => context.Items[Header] as string;
}
