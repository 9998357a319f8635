using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Domain.Conversations;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using InteractionEngine.Projections.Outbox;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>
/// One send, never twice: the insert-once <see cref="WhatsAppDispatch"/> claim is durable before the Cloud API is called,
/// the outcome is stored on the claim before it is recorded through the conversation, and a claim without an outcome
/// (a crash mid-send) is an unknown outcome: never resent, recorded Failed −1 after a grace period unless a status came.
/// </summary>
public sealed class DispatchHandler(
    IDocumentStore store,
    CloudSender sender,
    ConversationRecorder recorder,
    WhatsAppContacts contacts,
    IOptions<WhatsAppDispatcherOptions> options,
    IOptions<WhatsAppChannelOptions> channel,
    TimeProvider clock,
    ILogger<DispatchHandler> log)
{
    private WhatsAppDispatcherOptions Options => options.Value;

    public async Task HandleAsync(OutboundSend send, WhatsAppCloudClient client, CancellationToken ct)
    {
        var conversation = send.ConversationId;
        if (channel.Value.Numbers.All(n => n.Tenant != conversation.Tenant))
        {
            log.LogWarning("{ConversationId} message {MessageNumber}: tenant {Tenant} owns no WhatsApp number; not sent", conversation.Value, send.Number, conversation.Tenant);
            await RecordFailureAsync(send, new DeliveryError(WhatsAppErrorCodes.RefusedBeforeSend, "no WhatsApp business number is configured for this tenant"), ct);
            return;
        }
        WhatsAppDispatch? existing;
        await using (var session = store.QuerySession())
            existing = await session.LoadAsync<WhatsAppDispatch>(send.ClaimId, ct);
        if (existing is { FinishedAt: not null }) return;
        if (existing is not null)
        {
            await ResumeAsync(existing, ct);
            return;
        }
        if (clock.GetUtcNow() - send.At > Options.MaxEventAge)
        {
            log.LogInformation("{ConversationId} message {MessageNumber} of {At} is older than {MaxAge}; not sent", conversation.Value, send.Number, send.At, Options.MaxEventAge);
            return;
        }

        var image = await sender.LoadImageAsync(send, ct);

        // Durable before the call: after a crash this record says "maybe sent", and it is never sent again.
        var dispatch = new WhatsAppDispatch(send.ClaimId, conversation.Value, send.Number, clock.GetUtcNow(), Validation: send.Validation, Address: send.Address);
        await using (var session = store.LightweightSession())
        {
            session.Insert(dispatch);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (JasperFx.DocumentAlreadyExistsException)
            {
                return; // another copy of the dispatcher took it
            }
        }

        var result = await sender.SendAsync(send, client, image, ct);
        dispatch = result switch
        {
            SendResult.Accepted a => dispatch with { Outcome = "sent", Wamid = a.Wamid },
            SendResult.Failed { Kind: SendFailure.OutcomeUnknown } f => dispatch with { Outcome = "unknown", Error = f.ToDeliveryError() },
            SendResult.Failed f => dispatch with { Outcome = "failed", Error = f.ToDeliveryError() },
            _ => dispatch,
        };
        await SaveAsync(dispatch, ct);
        await ResumeAsync(dispatch, ct);
    }

    /// <summary>Records a dispatch's outcome (again, after a restart: the conversation ignores what it already knows).</summary>
    public async Task ResumeAsync(WhatsAppDispatch dispatch, CancellationToken ct)
    {
        var conversation = ConversationId.Parse(dispatch.ConversationId);
        var now = clock.GetUtcNow();
        switch (dispatch.Outcome)
        {
            case "sent":
                // A validation's "sent" changes nothing yet: its delivered (or failed) status webhook sets the channel state.
                if (!dispatch.Validation)
                    await recorder.RecordAsync(new RecordDeliveryStatus(conversation, dispatch.MessageNumber, DeliveryStatus.Sent, dispatch.Wamid, null, now), ct);
                break;
            case "failed":
                if (!dispatch.Validation)
                    await recorder.RecordAsync(new RecordDeliveryStatus(conversation, dispatch.MessageNumber, DeliveryStatus.Failed, null, dispatch.Error, now), ct);
                else
                    log.LogWarning("WhatsApp validation {Validation} of {ConversationId} was not sent: {Code} {Title} {Details}",
                        dispatch.MessageNumber, dispatch.ConversationId, dispatch.Error?.Code, dispatch.Error?.Title, dispatch.Error?.Details);
                if (dispatch.Error is { } error && WhatsAppErrorCodes.IsChannelProblem(error.Code)
                    && (dispatch.Address ?? await contacts.RecipientForAsync(conversation, ct)) is { } address)
                    await recorder.RecordAsync(new RecordChannelState(conversation, ChannelKind.WhatsApp, address, ChannelState.Warning,
                        error.Details is { } d ? $"{error.Title}: {d}" : error.Title, error.Code, now), ct);
                break;
            default:
                // Unknown (no answer, or the engine stopped mid-send): never resent. A status naming it by its correlation
                // may still arrive; after the grace period it is Failed −1 unless one did.
                var wait = dispatch.StartedAt + Options.UnknownOutcomeGrace - now;
                _ = ExpireLaterAsync(dispatch, conversation, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ct);
                return;
        }
        await SaveAsync(dispatch with { FinishedAt = clock.GetUtcNow() }, ct);
    }

    /// <summary>Dispatches left unfinished (by another node, or before a restart): their events are behind the offset.</summary>
    public async Task ResumeUnfinishedAsync(CancellationToken ct)
    {
        IReadOnlyList<WhatsAppDispatch> unfinished;
        await using (var session = store.QuerySession())
            unfinished = await session.Query<WhatsAppDispatch>().Where(d => d.FinishedAt == null).ToListAsync(ct);
        if (unfinished.Count > 0) log.LogInformation("WhatsApp dispatcher resuming {Count} unfinished dispatch(es)", unfinished.Count);
        foreach (var dispatch in unfinished) await ResumeAsync(dispatch, ct);
    }

    private async Task RecordFailureAsync(OutboundSend send, DeliveryError error, CancellationToken ct)
    {
        if (send.Validation)
            log.LogWarning("WhatsApp validation {Validation} of {ConversationId} was not sent: {Reason}", send.Number, send.ConversationId.Value, error.Title);
        else
            await recorder.RecordAsync(new RecordDeliveryStatus(send.ConversationId, send.Number, DeliveryStatus.Failed, null, error, clock.GetUtcNow()), ct);
    }

    private async Task ExpireLaterAsync(WhatsAppDispatch dispatch, ConversationId conversation, TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await Task.Delay(wait, clock, ct);
            var error = dispatch.Error ?? new DeliveryError(WhatsAppErrorCodes.OutcomeUnknown, "outcome unknown",
                "the engine stopped while sending; WhatsApp may or may not have the message, and it is not resent");
            // A validation has no delivery status to fail: its channel state simply stays as it was.
            if (!dispatch.Validation)
                await recorder.RecordAsync(new ExpireUnknownDelivery(conversation, dispatch.MessageNumber,
                    error with { Code = WhatsAppErrorCodes.OutcomeUnknown }, clock.GetUtcNow()), ct);
            await SaveAsync(dispatch with { FinishedAt = clock.GetUtcNow() }, ct);
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            log.LogError(e, "Recording the unknown outcome of {ConversationId} message {MessageNumber} failed; retried at the next start", dispatch.ConversationId, dispatch.MessageNumber);
        }
    }

    private async Task SaveAsync(WhatsAppDispatch dispatch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(dispatch);
        await session.SaveChangesAsync(ct);
    }
}
