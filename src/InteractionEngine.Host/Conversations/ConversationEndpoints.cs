using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Host.Conversations;

/// <summary>Commands on one contact's conversation. Time is taken here, at the edge, from the injected clock.</summary>
public static class ConversationEndpoints
{
    public static RouteGroupBuilder MapConversationCommands(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tenants/{tenant}/contacts/{contact}").WithTags("Conversations");

        group.MapPost("/messages/inbound", (string tenant, string contact, InboundMessageRequest body, Send send, CancellationToken ct) =>
            body.Channel is not { } channel ? Missing("channel")
            : send(tenant, contact, (id, now) => new ReceiveMessage(id, channel, body.ChannelMessageId ?? "", body.Text, body.Attachments ?? [],
                body.SentAt ?? now, now, body.InReplyTo, body.ButtonReply), ct));

        group.MapPost("/route", (string tenant, string contact, RouteRequest body, Send send, CancellationToken ct) =>
            body.Channel is not { } channel ? Missing("channel")
            : send(tenant, contact, (id, now) => new RouteInteraction(id, channel, body.AgentId ?? "", body.Reason ?? "", now), ct));

        group.MapPost("/messages", (string tenant, string contact, AgentMessageRequest body, HttpRequest request, Send send, CancellationToken ct) =>
            send(tenant, contact, (id, now) => new SendMessage(id, body.AgentId ?? "",
                body.ClientMessageId ?? request.Headers["Idempotency-Key"].ToString(), body.Text, body.Attachments ?? [], now), ct));

        group.MapPost("/end", (string tenant, string contact, EndSessionRequest body, Send send, CancellationToken ct) =>
            body.By is not { } by || by == Party.System ? Invalid("'by' must be Agent or Contact")
            : send(tenant, contact, (id, now) => new EndSession(id, by, body.AgentId, body.Reason, now), ct));

        group.MapPost("/done", (string tenant, string contact, AgentRequest body, Send send, CancellationToken ct) =>
            send(tenant, contact, (id, now) => new MarkDone(id, body.AgentId ?? "", now), ct));

        group.MapPost("/reactivate", (string tenant, string contact, ReactivateRequest body, Send send, CancellationToken ct) =>
            send(tenant, contact, (id, now) => new Reactivate(id, body.AgentId ?? "", body.Channel, now), ct));

        group.MapPost("/read", (string tenant, string contact, MarkReadRequest body, Send send, CancellationToken ct) =>
            body.UpToMessageNumber is not { } upTo ? Missing("upToMessageNumber")
            : send(tenant, contact, (id, now) => new MarkRead(id, body.AgentId ?? "", upTo, now), ct));

        group.MapPost("/unread", (string tenant, string contact, AgentRequest body, Send send, CancellationToken ct) =>
            send(tenant, contact, (id, now) => new MarkUnread(id, body.AgentId ?? "", now), ct));

        return group;
    }

    private static Task<IResult> Missing(string field) => Invalid($"'{field}' is required");

    private static Task<IResult> Invalid(string detail) => Task.FromResult(ReplyResults.Invalid(detail));
}

/// <summary>Builds the command with the conversation id and the current time, asks the conversation and maps its reply.</summary>
public delegate Task<IResult> Send(string tenant, string contact, Func<ConversationId, DateTimeOffset, IConversationCommand> command, CancellationToken ct);

public static class SendFactory
{
    public static Send Create(IServiceProvider services) => async (tenant, contact, command, ct) =>
    {
        if (!ConversationId.IsValidPart(tenant) || !ConversationId.IsValidPart(contact))
            return ReplyResults.Invalid("tenant and contact ids are 1-128 characters of letters, digits and . _ - + @");
        var gateway = services.GetRequiredService<ConversationGateway>();
        var clock = services.GetRequiredService<TimeProvider>();
        var reply = await gateway.AskAsync(command(new ConversationId(tenant, contact), clock.GetUtcNow()), ct);
        return reply.ToHttp();
    };
}
