using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <summary>Builds a command for the caller's conversation at the current time, asks the conversation and maps the reply.</summary>
public sealed class CommandSender(IConversations conversations, TimeProvider clock, IdempotentReplies idempotent)
{
    public async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendAsync(HttpContext http, ContactConversation conversation,
        Func<ConversationId, DateTimeOffset, IConversationCommand> command)
    {
        var caller = Caller.From(http.User);
        var route = $"{http.Request.Method} {http.Request.Path}";
        var key = IdempotencyKey.Of(http) is { } k ? $"{caller.Tenant}:{caller.KeyId}:{k}" : null;
        var fingerprint = IdempotencyKey.FingerprintOf(http);
        if (key is not null && await idempotent.FindAsync(key, http.RequestAborted) is { } first)
            return first.Answers(route, fingerprint)
                ? Replayed(first.Reply).ToHttp(conversation.Id)
                : ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                    first.Route == route
                        ? $"this key was first used for {first.Route} with another body; use a new key for a different request"
                        : $"this key was first used for {first.Route}; use a new key for a different request");

        var reply = await conversations.AskAsync(command(conversation.Id, clock.GetUtcNow()), CorrelationIdMiddleware.Of(http), http.RequestAborted);
        if (key is not null) await idempotent.RememberAsync(new IdempotentReply(key, route, reply, fingerprint), http.RequestAborted);
        return reply.ToHttp(conversation.Id);
    }

    /// <summary>A repeat changed nothing: an accepted first answer is told again as "duplicate", like a repeated clientMessageId.</summary>
    private static Reply Replayed(Reply first) => first.Code == ReplyCode.Accepted ? first with { Code = ReplyCode.Duplicate } : first;

    /// <summary>Agent keys act only as their own agent; routing and admin keys name the agent.</summary>
    public async Task<Results<Ok<CommandResult>, ProblemHttpResult>> AsAgentAsync(HttpContext http, ContactConversation conversation, string? requestedAgent,
        Func<ConversationId, string, DateTimeOffset, IConversationCommand> command)
    {
        if (!Caller.From(http.User).TryActAs(requestedAgent, out var agent)) return CannotActAs(requestedAgent);
        return await SendAsync(http, conversation, (id, now) => command(id, agent, now));
    }

    /// <summary>
    /// An outbound command (message, notification, channel connection or validation) as the agent: it needs the client's
    /// id for the send (<paramref name="clientMessageId"/> or the Idempotency-Key header), so that a retry is a duplicate
    /// and never a second send; without either it is refused with 422 naming both.
    /// </summary>
    public async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendOutboundAsync(HttpContext http, ContactConversation conversation,
        string? requestedAgent, string? clientMessageId, Func<ConversationId, string, string, DateTimeOffset, IConversationCommand> command)
    {
        if (OutboundClientId.Of(clientMessageId, http) is not { } clientId) return OutboundClientId.Missing();
        return await AsAgentAsync(http, conversation, requestedAgent, (id, agent, now) => command(id, agent, clientId, now));
    }

    public static ProblemHttpResult CannotActAs(string? requestedAgent) =>
        ReplyResults.Problem(StatusCodes.Status403Forbidden, "An agent key cannot act for another agent",
            $"this key acts as its own agent, not as '{requestedAgent}'");
}
