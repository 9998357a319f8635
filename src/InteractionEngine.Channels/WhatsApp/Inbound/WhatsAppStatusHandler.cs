using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;
using Marten;
using Microsoft.Extensions.Logging;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.WhatsApp.Inbound;

/// <summary>
/// One delivery status from WhatsApp. Named by its correlation (biz_opaque_callback_data): a message's status, or a
/// channel validation's (delivered confirms the number); otherwise by the recipient and wamid. A failure WhatsApp
/// blames on the number puts the contact's channel in Warning with WhatsApp's reason.
/// </summary>
public sealed class WhatsAppStatusHandler(IConversations gateway, WhatsAppContacts contacts, IDocumentStore store, TimeProvider clock,
    ILogger<WhatsAppStatusHandler> log)
{
    public async Task<Reply> ApplyAsync(string tenant, WhatsAppStatusUpdate update, string? correlationId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ConversationId conversation;
        Reply reply;
        if (update.Correlation is { Validation: true } check && check.ConversationId.Tenant == tenant)
        {
            conversation = check.ConversationId;
            reply = await ValidatedAsync(conversation, update.RecipientWaId, update, correlationId, ct);
            if (reply.Code == ReplyCode.Unavailable) return reply;
        }
        else if (update.Correlation is { } correlation && correlation.ConversationId.Tenant == tenant)
        {
            conversation = correlation.ConversationId;
            reply = await gateway.AskAsync(update.ToCommand(conversation, correlation.MessageNumber, now), correlationId, ct);
        }
        else if (await LegacyValidationAsync(update.Wamid, ct) is { } validation)
        {
            // A check sent before validations went through the outbox (no correlation): found by its wamid.
            conversation = ConversationId.Parse(validation.ConversationId);
            reply = await ValidatedAsync(conversation, validation.Address, update, correlationId, ct);
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

    /// <summary>The check sent by "Validate WhatsApp channel": delivered (or read) confirms the number; a failure is handled by the caller.</summary>
    private async Task<Reply> ValidatedAsync(ConversationId conversation, string? address, WhatsAppStatusUpdate update, string? correlationId, CancellationToken ct)
    {
        if (update.Status is not (DeliveryStatus.Delivered or DeliveryStatus.Read)) return new Reply(ReplyCode.Unchanged);
        address ??= await contacts.RecipientForAsync(conversation, ct);
        if (address is null) return new Reply(ReplyCode.Unchanged);
        return await gateway.AskAsync(new RecordChannelState(conversation, ChannelKind.WhatsApp, address, ChannelState.Connected,
            "validation message delivered", null, clock.GetUtcNow()), correlationId, ct);
    }

    private async Task<WhatsAppValidation?> LegacyValidationAsync(string wamid, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<WhatsAppValidation>(wamid, ct);
    }
}
