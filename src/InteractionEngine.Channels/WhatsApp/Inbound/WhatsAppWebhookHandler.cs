using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Inbound;

/// <summary>
/// A signed webhook body from Meta: contacts' messages become <see cref="ReceiveMessage"/> commands and statuses
/// record delivery (or a channel's state) through <see cref="IConversations"/>. Applied in order, stopping at the first
/// command the journal could not make durable.
/// </summary>
public sealed class WhatsAppWebhookHandler(
    IOptions<WhatsAppChannelOptions> options,
    IConversations gateway,
    WhatsAppContacts contacts,
    WhatsAppStatusHandler statuses,
    TimeProvider clock,
    ILogger<WhatsAppWebhookHandler> log)
{
    public async Task<WebhookOutcome> HandleAsync(byte[] body, string? signature, string? correlationId, CancellationToken ct)
    {
        if (!WebhookSignature.IsValid(body, signature, options.Value.AppSecret))
        {
            log.LogWarning("WhatsApp webhook refused: missing or invalid {Header}", WebhookSignature.HeaderName);
            return new WebhookOutcome.InvalidSignature();
        }
        var parsed = WhatsAppWebhookParser.Parse(body);
        if (parsed.Webhook is not { } webhook) return new WebhookOutcome.Malformed(parsed.Error ?? "not a WhatsApp webhook");
        foreach (var problem in webhook.Problems) log.LogWarning("WhatsApp webhook item skipped: {Problem}", problem);
        return await ApplyAsync(webhook, correlationId, ct);
    }

    /// <summary>Every message and status in order; stops at the first command the journal could not make durable.</summary>
    public async Task<WebhookOutcome> ApplyAsync(WhatsAppWebhook webhook, string? correlationId, CancellationToken ct)
    {
        int messages = 0, statusCount = 0, ignored = 0;
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
                if (reply.Code == ReplyCode.Unavailable) return new WebhookOutcome.Unavailable(reply.Reason);
                if (!reply.IsSuccess)
                    log.LogWarning("WhatsApp message {Wamid} from {WaId} refused: {Code} {Reason}", message.Wamid, message.From, reply.Code, reply.Reason);
                messages++;
            }
            foreach (var status in change.Statuses)
            {
                if (WhatsAppStatusMapper.TryMap(status) is not { } update) { ignored++; continue; }
                var reply = await statuses.ApplyAsync(tenant, update, correlationId, ct);
                if (reply.Code == ReplyCode.Unavailable) return new WebhookOutcome.Unavailable(reply.Reason);
                statusCount++;
            }
        }
        return new WebhookOutcome.Applied(messages, statusCount, ignored);
    }
}
