using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Idempotency;

namespace InteractionEngine.Host.Conversations;

/// <summary>Builds a command for the caller's tenant at the current time, asks the conversation and maps the reply.</summary>
public sealed class CommandSender(IConversations gateway, TimeProvider clock, IdempotentReplies idempotent)
{
    /// <param name="success">Maps a successful reply (first or replayed) to HTTP; null: 200 with the outcome.</param>
    public async Task<IResult> SendAsync(HttpContext http, string contact, Func<ConversationId, DateTimeOffset, IConversationCommand> command,
        Func<Reply, IResult>? success = null)
    {
        var caller = Caller.From(http.User);
        if (!ConversationId.IsValidPart(contact))
            return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
        var route = $"{http.Request.Method} {http.Request.Path}";
        var key = IdempotencyKey.Of(http) is { } k ? $"{caller.Tenant}:{caller.KeyId}:{k}" : null;
        if (key is not null && await idempotent.FindAsync(key, http.RequestAborted) is { } first)
            return first.Route == route
                ? Map(first.Reply, success)
                : ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    $"this key was first used for {first.Route}; use a new key for a different request");

        var reply = await gateway.AskAsync(command(new ConversationId(caller.Tenant, contact), clock.GetUtcNow()),
            CorrelationIdMiddleware.Of(http), http.RequestAborted);
        if (key is not null) await idempotent.RememberAsync(new IdempotentReply(key, route, reply), http.RequestAborted);
        return Map(reply, success);
    }

    /// <summary>
    /// An outbound command (message, notification, channel connection or validation) as the agent: it needs the client's
    /// id for the send (<paramref name="clientMessageId"/> or the Idempotency-Key header), so that a retry is a duplicate
    /// and never a second send; without either it is refused with 422 naming both.
    /// </summary>
    public Task<IResult> SendOutboundAsync(HttpContext http, string contact, string? requestedAgent, string? clientMessageId,
        Func<ConversationId, string, string, DateTimeOffset, IConversationCommand> command, Func<Reply, IResult>? success = null)
    {
        if (!ConversationId.IsValidPart(contact))
            return Task.FromResult(ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @"));
        if (OutboundClientId.Of(clientMessageId, http) is not { } clientId) return Task.FromResult(OutboundClientId.Missing());
        return AsAgentAsync(http, contact, requestedAgent, (id, agent, now) => command(id, agent, clientId, now), success);
    }

    private static IResult Map(Reply reply, Func<Reply, IResult>? success) =>
        success is not null && reply.IsSuccess ? success(reply) : reply.ToHttp();

    /// <summary>Agent keys act only as their own agent; routing and admin keys name the agent.</summary>
    public Task<IResult> AsAgentAsync(HttpContext http, string contact, string? requestedAgent,
        Func<ConversationId, string, DateTimeOffset, IConversationCommand> command, Func<Reply, IResult>? success = null)
    {
        if (!Caller.From(http.User).TryActAs(requestedAgent, out var agent))
            return Task.FromResult(ReplyResults.Problem(StatusCodes.Status403Forbidden, "An agent key cannot act for another agent",
                $"this key acts as its own agent, not as '{requestedAgent}'"));
        return SendAsync(http, contact, (id, now) => command(id, agent, now), success);
    }
}
