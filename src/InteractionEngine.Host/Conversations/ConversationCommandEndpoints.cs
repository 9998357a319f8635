using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Attachments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <summary>
/// Commands on one contact's conversation. The tenant comes from the caller's credential; time is taken here,
/// at the edge, from the injected clock; the answer comes once the events are durable.
/// </summary>
public static class ConversationCommandEndpoints
{
    public static void MapConversationCommands(this IEndpointRouteBuilder app)
    {
        var routing = app.MapGroup("/api/v1/contacts/{contact}").WithTags("Routing layer").RequireApiKey(Policies.Route)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        routing.MapPost("/messages/inbound", ReceiveMessage)
            .WithSummary("Deliver a contact's message from any channel; the channel message id makes a redelivery a no-op");
        routing.MapPost("/route", Route)
            .WithSummary("Route or re-route the open interaction to an agent; with none open, create an outbound interaction on the channel");
        routing.MapPost("/contact-left", ContactLeft).WithSummary("The contact ended the session");

        var agents = app.MapGroup("/api/v1/contacts/{contact}").WithTags("Agent commands").RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        agents.MapPost("/messages", SendMessage).WithSummary("Send a message as the agent (clientMessageId or Idempotency-Key is required: it makes a retry a no-op)");
        agents.MapPost("/end", End).WithSummary("The agent ends the session");
        agents.MapPost("/done", Done).WithSummary("Mark the interaction Done (ends a live session first), with an optional wrap-up code and note");
        agents.MapPost("/reactivate", Reactivate).WithSummary("Continue the conversation: the same interaction before Done, a new one after Done");
        agents.MapPost("/read", MarkRead).WithSummary("Mark messages read up to a message number (only the routed agent or a supervisor)");
        agents.MapPost("/unread", MarkUnread).WithSummary("Mark the conversation unread again (only the routed agent or a supervisor)");
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> ReceiveMessage(
        ContactConversation conversation, InboundMessageRequest body, CommandSender send, HttpContext http) =>
        body.Channel is not { } channel ? Missing("channel")
        : await send.SendAsync(http, conversation, (id, now) => new ReceiveMessage(id, channel, body.ChannelMessageId ?? "", body.Text,
            body.Attachments ?? [], body.SentAt ?? now, now, body.InReplyTo, body.ButtonReply));

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Route(
        ContactConversation conversation, RouteRequest body, CommandSender send, HttpContext http) =>
        body.Channel is not { } channel ? Missing("channel")
        : await send.SendAsync(http, conversation, (id, now) => new RouteInteraction(id, channel, body.AgentId ?? "", body.Reason ?? "", now));

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> ContactLeft(
        ContactConversation conversation, ContactLeftRequest body, CommandSender send, HttpContext http) =>
        send.SendAsync(http, conversation, (id, now) => new EndSession(id, Party.Contact, null, body.Reason, now));

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendMessage(
        ContactConversation conversation, AgentMessageRequest body, CommandSender send, AttachmentStore uploads, HttpContext http)
    {
        // An unknown upload would only fail later at the channel; refuse it while the agent is still there to fix it.
        // An upload's type and size are the stored ones (checked by content), so the channel's rules judge the real image.
        var (attachments, unknown) = await uploads.WithStoredFactsAsync(conversation.Tenant, body.Attachments ?? [], http.RequestAborted);
        if (attachments is null)
            return ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Unknown attachment",
                $"{unknown} is not an image uploaded through /api/v1/attachments by this tenant");
        return await send.SendOutboundAsync(http, conversation, body.AgentId, body.ClientMessageId, (id, agent, clientId, now) =>
            new SendMessage(id, agent, clientId, body.Text, attachments, now));
    }

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> End(
        ContactConversation conversation, AgentRequest body, CommandSender send, HttpContext http) =>
        send.AsAgentAsync(http, conversation, body.AgentId, (id, agent, now) => new EndSession(id, Party.Agent, agent, body.Reason, now));

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> Done(
        ContactConversation conversation, DoneRequest body, CommandSender send, HttpContext http) =>
        send.AsAgentAsync(http, conversation, body.AgentId, (id, agent, now) => new MarkDone(id, agent, now, body.WrapUpCode, body.WrapUpNote));

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> Reactivate(
        ContactConversation conversation, ReactivateRequest body, CommandSender send, HttpContext http) =>
        send.AsAgentAsync(http, conversation, body.AgentId, (id, agent, now) => new Reactivate(id, agent, body.Channel, now));

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> MarkRead(
        ContactConversation conversation, MarkReadRequest body, CommandSender send, HttpContext http) =>
        body.UpToMessageNumber is not { } upTo ? Missing("upToMessageNumber")
        : await send.AsAgentAsync(http, conversation, ReadActor(body.AgentId, http), (id, agent, now) =>
            new MarkRead(id, agent, upTo, now, Caller.From(http.User).IsSupervisor));

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> MarkUnread(
        ContactConversation conversation, AgentRequest body, CommandSender send, HttpContext http) =>
        send.AsAgentAsync(http, conversation, ReadActor(body.AgentId, http), (id, agent, now) =>
            new MarkUnread(id, agent, now, Caller.From(http.User).IsSupervisor));

    /// <summary>A supervisor who names no agent moves the read horizon as itself (its key id), so the event says who did.</summary>
    private static string? ReadActor(string? requested, HttpContext http) =>
        string.IsNullOrEmpty(requested) && Caller.From(http.User) is { IsSupervisor: true } supervisor ? supervisor.KeyId : requested;

    private static ProblemHttpResult Missing(string field) => ReplyResults.Invalid($"'{field}' is required");
}
