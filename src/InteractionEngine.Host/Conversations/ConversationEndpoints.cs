using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Host.Security;

namespace InteractionEngine.Host.Conversations;

/// <summary>
/// Commands on one contact's conversation. The tenant comes from the caller's credential; time is taken here,
/// at the edge, from the injected clock; the answer comes once the events are durable.
/// </summary>
public static class ConversationEndpoints
{
    public static void MapConversationCommands(this IEndpointRouteBuilder app)
    {
        var routing = app.MapGroup("/api/v1/contacts/{contact}").WithTags("Routing layer").RequireAuthorization(Policies.Route);
        var agents = app.MapGroup("/api/v1/contacts/{contact}").WithTags("Agent commands").RequireAuthorization(Policies.Act);

        routing.MapPost("/messages/inbound", (string contact, InboundMessageRequest body, CommandSender send, HttpContext http) =>
            body.Channel is not { } channel ? Missing("channel")
            : send.SendAsync(http, contact, (id, now) => new ReceiveMessage(id, channel, body.ChannelMessageId ?? "", body.Text, body.Attachments ?? [],
                body.SentAt ?? now, now, body.InReplyTo, body.ButtonReply)))
            .WithSummary("Deliver a contact's message from any channel; the channel message id makes a redelivery a no-op");

        routing.MapPost("/route", (string contact, RouteRequest body, CommandSender send, HttpContext http) =>
            body.Channel is not { } channel ? Missing("channel")
            : send.SendAsync(http, contact, (id, now) => new RouteInteraction(id, channel, body.AgentId ?? "", body.Reason ?? "", now)))
            .WithSummary("Route or re-route the open interaction to an agent; with none open, create an outbound interaction on the channel");

        routing.MapPost("/contact-left", (string contact, ContactLeftRequest body, CommandSender send, HttpContext http) =>
            send.SendAsync(http, contact, (id, now) => new EndSession(id, Party.Contact, null, body.Reason, now)))
            .WithSummary("The contact ended the session");

        agents.MapPost("/messages", async (string contact, AgentMessageRequest body, CommandSender send, AttachmentStore uploads, HttpContext http) =>
            // An unknown upload would only fail later at the channel; refuse it while the agent is still there to fix it.
            await uploads.FindUnknownAsync(Caller.From(http.User).Tenant, body.Attachments ?? [], http.RequestAborted) is { } unknown
                ? ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Unknown attachment",
                    $"{unknown} is not an image uploaded through /api/v1/attachments by this tenant")
                : await send.SendOutboundAsync(http, contact, body.AgentId, body.ClientMessageId, (id, agent, clientId, now) =>
                    new SendMessage(id, agent, clientId, body.Text, body.Attachments ?? [], now)))
            .WithSummary("Send a message as the agent (clientMessageId or Idempotency-Key is required: it makes a retry a no-op)");

        agents.MapPost("/end", (string contact, AgentRequest body, CommandSender send, HttpContext http) =>
            send.AsAgentAsync(http, contact, body.AgentId, (id, agent, now) => new EndSession(id, Party.Agent, agent, body.Reason, now)))
            .WithSummary("The agent ends the session");

        agents.MapPost("/done", (string contact, AgentRequest body, CommandSender send, HttpContext http) =>
            send.AsAgentAsync(http, contact, body.AgentId, (id, agent, now) => new MarkDone(id, agent, now)))
            .WithSummary("Mark the interaction Done (ends a live session first)");

        agents.MapPost("/reactivate", (string contact, ReactivateRequest body, CommandSender send, HttpContext http) =>
            send.AsAgentAsync(http, contact, body.AgentId, (id, agent, now) => new Reactivate(id, agent, body.Channel, now)))
            .WithSummary("Continue the conversation: the same interaction before Done, a new one after Done");

        agents.MapPost("/read", (string contact, MarkReadRequest body, CommandSender send, HttpContext http) =>
            body.UpToMessageNumber is not { } upTo ? Missing("upToMessageNumber")
            : send.AsAgentAsync(http, contact, body.AgentId, (id, agent, now) => new MarkRead(id, agent, upTo, now)))
            .WithSummary("Mark messages read up to a message number");

        agents.MapPost("/unread", (string contact, AgentRequest body, CommandSender send, HttpContext http) =>
            send.AsAgentAsync(http, contact, body.AgentId, (id, agent, now) => new MarkUnread(id, agent, now)))
            .WithSummary("Mark the conversation unread again");
    }

    private static Task<IResult> Missing(string field) => Task.FromResult(ReplyResults.Invalid($"'{field}' is required"));
}
