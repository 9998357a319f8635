using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <summary>
/// Meta's webhook: GET is the subscription handshake, POST carries messages and statuses. Anonymous: the
/// X-Hub-Signature-256 over the raw body is the credential. 200 only once every command of the batch is durable.
/// </summary>
public static class WhatsAppWebhookEndpoint
{
    public const string Path = "/api/v1/channels/whatsapp/webhook";

    public static void MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("WhatsApp").AllowAnonymous();

        group.MapGet("/", (HttpContext http, IOptions<WhatsAppChannelOptions> options) =>
        {
            var q = http.Request.Query;
            return WebhookVerification.Answer(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"], options.Value.VerifyToken) is { } challenge
                ? Results.Text(challenge, "text/plain")
                : ReplyResults.Problem(StatusCodes.Status403Forbidden, "Verification refused", "hub.mode or hub.verify_token does not match");
        }).Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblems(StatusCodes.Status403Forbidden)
          .WithSummary("Meta's webhook verification handshake (hub.mode, hub.verify_token, hub.challenge)");

        group.MapPost("/", async (HttpContext http, WhatsAppWebhookHandler handler) => await handler.HandleAsync(http))
            .WithMetadata(new RequestSizeLimitAttribute(WhatsAppWebhookParser.MaxBodyBytes))
            .Produces<WebhookReceipt>().ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Meta's signed webhook: contacts' messages and delivery statuses");
    }
}

/// <summary>What a webhook delivery was: messages and statuses stored, items acknowledged but not stored.</summary>
public sealed record WebhookReceipt(int Messages, int Statuses, int Ignored);

public sealed class WhatsAppWebhookHandler(
    IOptions<WhatsAppChannelOptions> options,
    IConversations gateway,
    WhatsAppContacts contacts,
    Marten.IDocumentStore store,
    TimeProvider clock,
    ILogger<WhatsAppWebhookHandler> log)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        if (http.Request.ContentLength is > WhatsAppWebhookParser.MaxBodyBytes) return TooLarge();
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            if (buffer.Length > WhatsAppWebhookParser.MaxBodyBytes) return TooLarge();
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (!WebhookSignature.IsValid(body, http.Request.Headers[WebhookSignature.HeaderName], options.Value.AppSecret))
        {
            log.LogWarning("WhatsApp webhook refused: missing or invalid {Header}", WebhookSignature.HeaderName);
            return ReplyResults.Problem(StatusCodes.Status401Unauthorized, "Invalid signature", $"{WebhookSignature.HeaderName} does not match the body");
        }
        var parsed = WhatsAppWebhookParser.Parse(body);
        if (parsed.Webhook is not { } webhook) return ReplyResults.Invalid(parsed.Error ?? "not a WhatsApp webhook");
        foreach (var problem in webhook.Problems) log.LogWarning("WhatsApp webhook item skipped: {Problem}", problem);

        var outcome = await ApplyAsync(webhook, CorrelationIdMiddleware.Of(http), http.RequestAborted);
        return outcome.Unavailable
            ? ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "Not durable yet; Meta retries", outcome.Reason)
            : TypedResults.Ok(new WebhookReceipt(outcome.Messages, outcome.Statuses, outcome.Ignored));
    }

    public sealed record Outcome(int Messages, int Statuses, int Ignored, bool Unavailable, string? Reason);

    /// <summary>Every message and status in order; stops at the first command the journal could not make durable.</summary>
    public async Task<Outcome> ApplyAsync(WhatsAppWebhook webhook, string? correlationId, CancellationToken ct)
    {
        int messages = 0, statuses = 0, ignored = 0;
        foreach (var change in webhook.Changes)
        {
            if (change.Messages.Count == 0 && change.Statuses.Count == 0) continue;
            if (options.Value.TenantFor(change.PhoneNumberId) is not { } tenant)
            {
                log.LogWarning("WhatsApp webhook for phone number id {PhoneNumberId}, which no tenant owns: {Messages} messages and {Statuses} statuses acknowledged, not stored",
                    change.PhoneNumberId, change.Messages.Count, change.Statuses.Count);
                ignored += change.Messages.Count + change.Statuses.Count;
                continue;
            }
            foreach (var message in change.Messages)
            {
                var conversation = await contacts.ConversationForAsync(tenant, message.From, ct);
                var command = WhatsAppInboundMapper.ToReceiveMessage(message, tenant, (_, _) => conversation, clock.GetUtcNow());
                var reply = await gateway.AskAsync(command, correlationId, ct);
                if (reply.Code == ReplyCode.Unavailable) return new(messages, statuses, ignored, true, reply.Reason);
                if (!reply.IsSuccess)
                    log.LogWarning("WhatsApp message {Wamid} from {WaId} refused: {Code} {Reason}", message.Wamid, message.From, reply.Code, reply.Reason);
                messages++;
            }
            foreach (var status in change.Statuses)
            {
                if (WhatsAppStatusMapper.TryMap(status) is not { } update) { ignored++; continue; }
                var reply = await ApplyStatusAsync(tenant, update, correlationId, ct);
                if (reply.Code == ReplyCode.Unavailable) return new(messages, statuses, ignored, true, reply.Reason);
                statuses++;
            }
        }
        return new(messages, statuses, ignored, false, null);
    }

    private async Task<Reply> ApplyStatusAsync(string tenant, WhatsAppStatusUpdate update, string? correlationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ConversationId conversation;
        Reply reply;
        if (update.Correlation is { } correlation && correlation.ConversationId.Tenant == tenant)
        {
            conversation = correlation.ConversationId;
            reply = await gateway.AskAsync(update.ToCommand(conversation, correlation.MessageNumber, now), correlationId, ct);
        }
        else if (await ValidationAsync(update.Wamid, ct) is { } validation)
        {
            // The check sent by "Validate WhatsApp Channel": delivered confirms the number, a failure below sets the warning.
            conversation = ConversationId.Parse(validation.ConversationId);
            reply = update.Status is DeliveryStatus.Delivered or DeliveryStatus.Read
                ? await gateway.AskAsync(new RecordChannelState(conversation, ChannelKind.WhatsApp, validation.Address, ChannelState.Connected,
                    "validation message delivered", null, now), correlationId, ct)
                : new Reply(ReplyCode.Unchanged);
            if (reply.Code == ReplyCode.Unavailable) return reply;
        }
        else if (update.RecipientWaId is { } waId)
        {
            conversation = await contacts.ConversationForAsync(tenant, waId, ct);
            reply = await gateway.AskAsync(new RecordChannelDeliveryStatus(conversation, update.Wamid, update.Status, update.Error, now), correlationId, ct);
        }
        else
        {
            log.LogWarning("WhatsApp status {Status} of {Wamid} names neither a correlation nor a recipient; ignored", update.Status, update.Wamid);
            return new Reply(ReplyCode.NotFound);
        }

        if (reply.Code is ReplyCode.NotFound)
            log.LogWarning("WhatsApp status {Status} of {Wamid} names no message of {ConversationId}: {Reason}; acknowledged", update.Status, update.Wamid, conversation.Value, reply.Reason);
        if (reply.Code is ReplyCode.Unavailable || update.Error is not { } error || !WhatsAppErrorCodes.IsChannelProblem(error.Code) || update.RecipientWaId is null)
            return reply;
        // The number cannot be reached: the contact's channel gets a warning with WhatsApp's reason.
        var warning = await gateway.AskAsync(new RecordChannelState(conversation, ChannelKind.WhatsApp, update.RecipientWaId, ChannelState.Warning,
            error.Details is { } d ? $"{error.Title}: {d}" : error.Title, error.Code, now), correlationId, ct);
        return warning.Code == ReplyCode.Unavailable ? warning : reply;
    }

    private async Task<WhatsAppValidation?> ValidationAsync(string wamid, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<WhatsAppValidation>(wamid, ct);
    }

    private static IResult TooLarge() => ReplyResults.Problem(StatusCodes.Status413PayloadTooLarge, "The webhook body is too large",
        $"at most {WhatsAppWebhookParser.MaxBodyBytes} bytes");
}
