using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Http;
using Marten;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <summary>Section <c>WhatsApp:Dispatcher</c>.</summary>
public sealed class WhatsAppDispatcherOptions
{
    public const string Section = "WhatsApp:Dispatcher";
    public bool Enabled { get; set; } = true;
    /// <summary>A send whose outcome is unknown waits this long for a status naming it (by correlation), then is recorded Failed −1.</summary>
    public TimeSpan UnknownOutcomeGrace { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Events older than this when first seen are not sent (a first start on an old journal must not send its history).</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Conversations dispatched side by side; one conversation's messages always go out in order.</summary>
    public int Parallelism { get; set; } = 8;
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The dispatcher's own journal position (not the read-side pipeline's checkpoint).</summary>
public sealed record WhatsAppDispatcherOffset(string Id, long Ordering);

/// <summary>
/// One outbound message's dispatch, keyed "tenant:contact:messageNumber". Written (Insert: one writer wins) before
/// the Cloud API is called; <see cref="Outcome"/> before the outcome is recorded; <see cref="FinishedAt"/> after.
/// A record without an outcome after a restart is a send whose outcome is unknown: it is never resent.
/// </summary>
public sealed record WhatsAppDispatch(
    string Id, string ConversationId, long MessageNumber, DateTimeOffset StartedAt,
    string? Outcome = null, string? Wamid = null, DeliveryError? Error = null, DateTimeOffset? FinishedAt = null);

/// <summary>
/// Follows the journal (EventsByTag "conversation" from its own offset) and sends WhatsApp MessageSent and
/// NotificationSent through the Cloud API, with the correlation in biz_opaque_callback_data, then records the
/// outcome through the conversation: Sent with the wamid, or Failed with the platform's error. It runs once per
/// cluster, inside the <see cref="WhatsAppDispatcherActor"/> singleton; the insert-once <see cref="WhatsAppDispatch"/>
/// claim stays the safety net should two copies ever overlap (a hand-over, a partition before it is resolved).
/// </summary>
public sealed class WhatsAppDispatcher(
    IServiceProvider services,
    IDocumentStore store,
    IConversations gateway,
    WhatsAppContacts contacts,
    TemplateCatalogProvider templates,
    AttachmentStore attachments,
    IOptions<WhatsAppDispatcherOptions> options,
    IOptions<WhatsAppChannelOptions> channel,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<WhatsAppDispatcher> log)
{
    private const string OffsetId = "whatsapp-dispatcher";
    private readonly ConcurrentDictionary<string, Task> _tails = new();
    private WhatsAppDispatcherOptions Options => options.Value;

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled (the singleton stops or hands over); failures restart it from its offset.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!Options.Enabled) { log.LogInformation("WhatsApp dispatcher disabled ({Section}:Enabled)", WhatsAppDispatcherOptions.Section); return; }
        WhatsAppCloudClient client;
        try
        {
            client = services.GetRequiredService<WhatsAppCloudClient>();
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            log.LogWarning("WhatsApp sending is off: {Reason}", e.Message);
            return;
        }
        // Only once every hosted service has started (the read-model and attachment schemas are in place).
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task; }
            catch (OperationCanceledException) { return; }
        }
        log.LogInformation("WhatsApp dispatcher started on this node (cluster singleton)");
        var system = services.GetRequiredService<ActorSystem>();
        var backoff = Options.RestartBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ResumeUnfinishedAsync(stoppingToken);
                await StreamAsync(system, client, stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "WhatsApp dispatcher failed; resuming from its offset in {Backoff}", backoff);
                await Task.Delay(backoff, clock, stoppingToken).ContinueWith(_ => { });
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
    }

    /// <summary>
    /// Dispatches another node (or this one, before a restart) left unfinished: their events are behind the offset, so the
    /// stream will not bring them back. Without an outcome they are unknown and never resent; with one it is recorded again.
    /// </summary>
    private async Task ResumeUnfinishedAsync(CancellationToken ct)
    {
        IReadOnlyList<WhatsAppDispatch> unfinished;
        await using (var session = store.QuerySession())
            unfinished = await session.Query<WhatsAppDispatch>().Where(d => d.FinishedAt == null).ToListAsync(ct);
        if (unfinished.Count > 0) log.LogInformation("WhatsApp dispatcher resuming {Count} unfinished dispatch(es)", unfinished.Count);
        foreach (var dispatch in unfinished) await ResumeAsync(dispatch, ct);
    }

    private async Task StreamAsync(ActorSystem system, WhatsAppCloudClient client, CancellationToken ct)
    {
        long offset;
        await using (var session = store.QuerySession())
            offset = (await session.LoadAsync<WhatsAppDispatcherOffset>(OffsetId, ct))?.Ordering ?? 0;
        log.LogInformation("WhatsApp dispatcher resuming after journal ordering {Ordering}", offset);
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (killSwitch, done) = journal.EventsByTag(ConversationTagger.Tag, Offset.Sequence(offset))
            .SelectAsync(Math.Max(1, Options.Parallelism), e => InConversationOrder(e, () => HandleAsync(e, client, ct)))
            .SelectAsync(1, SaveOffsetAsync)
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<long>(), Keep.Both)
            .Run(system.Materializer());
        await using var stop = ct.Register(() => killSwitch.Shutdown());
        await done;
    }

    /// <summary>One conversation's sends run one after the other (WhatsApp shows them in that order); different conversations run side by side.</summary>
    private async Task<EventEnvelope> InConversationOrder(EventEnvelope envelope, Func<Task> work)
    {
        if (envelope.Event is not (MessageSent { Channel: ChannelKind.WhatsApp } or NotificationSent { Channel: ChannelKind.WhatsApp }))
            return envelope;
        var key = ((IConversationEvent)envelope.Event).ConversationId.Value;
        Task mine;
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            mine = previous.ContinueWith(_ => work(), TaskScheduler.Default).Unwrap();
            _tails[key] = mine;
        }
        await mine;
        lock (_tails) if (_tails.TryGetValue(key, out var tail) && tail == mine) _tails.TryRemove(key, out _);
        return envelope;
    }

    private async Task<long> SaveOffsetAsync(EventEnvelope envelope)
    {
        var ordering = ((Sequence)envelope.Offset).Value;
        await using var session = store.LightweightSession();
        session.Store(new WhatsAppDispatcherOffset(OffsetId, ordering));
        await session.SaveChangesAsync();
        return ordering;
    }

    private async Task HandleAsync(EventEnvelope envelope, WhatsAppCloudClient client, CancellationToken ct)
    {
        var e = (IConversationEvent)envelope.Event;
        var (number, at) = e switch
        {
            MessageSent m => (m.MessageNumber, m.At),
            NotificationSent n => (n.MessageNumber, n.At),
            _ => throw new InvalidOperationException(),
        };
        var conversation = e.ConversationId;
        if (channel.Value.Numbers.All(n => n.Tenant != conversation.Tenant))
        {
            log.LogWarning("{ConversationId} message {MessageNumber}: tenant {Tenant} owns no WhatsApp number; not sent", conversation.Value, number, conversation.Tenant);
            await RecordAsync(new RecordDeliveryStatus(conversation, number, DeliveryStatus.Failed, null,
                new DeliveryError(WhatsAppErrorCodes.RefusedBeforeSend, "no WhatsApp business number is configured for this tenant"), clock.GetUtcNow()), ct);
            return;
        }
        var id = $"{conversation.Value}:{number}";
        WhatsAppDispatch? existing;
        await using (var session = store.QuerySession())
            existing = await session.LoadAsync<WhatsAppDispatch>(id, ct);
        if (existing is { FinishedAt: not null }) return;
        if (existing is not null)
        {
            await ResumeAsync(existing, ct);
            return;
        }
        if (clock.GetUtcNow() - at > Options.MaxEventAge)
        {
            log.LogInformation("{ConversationId} message {MessageNumber} of {At} is older than {MaxAge}; not sent", conversation.Value, number, at, Options.MaxEventAge);
            return;
        }

        // An image uploaded to the engine is read before the claim: should the database fail here, the stream restarts and
        // tries again, instead of leaving a claim whose message was never sent.
        var image = EngineImageOf(e) is { } attachment ? await LoadImageAsync(conversation, attachment, ct) : null;

        // Durable before the call: after a crash this record says "maybe sent", and it is never sent again.
        var dispatch = new WhatsAppDispatch(id, conversation.Value, number, clock.GetUtcNow());
        await using (var session = store.LightweightSession())
        {
            session.Insert(dispatch);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (JasperFx.DocumentAlreadyExistsException)
            {
                return; // another node took it
            }
        }

        var result = await SendAsync(e, conversation, number, client, image, ct);
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
    private async Task ResumeAsync(WhatsAppDispatch dispatch, CancellationToken ct)
    {
        var conversation = ConversationId.Parse(dispatch.ConversationId);
        var now = clock.GetUtcNow();
        switch (dispatch.Outcome)
        {
            case "sent":
                await RecordAsync(new RecordDeliveryStatus(conversation, dispatch.MessageNumber, DeliveryStatus.Sent, dispatch.Wamid, null, now), ct);
                break;
            case "failed":
                await RecordAsync(new RecordDeliveryStatus(conversation, dispatch.MessageNumber, DeliveryStatus.Failed, null, dispatch.Error, now), ct);
                if (dispatch.Error is { } error && WhatsAppErrorCodes.IsChannelProblem(error.Code)
                    && await contacts.RecipientForAsync(conversation, ct) is { } address)
                    await RecordAsync(new RecordChannelState(conversation, ChannelKind.WhatsApp, address, ChannelState.Warning,
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

    private async Task ExpireLaterAsync(WhatsAppDispatch dispatch, ConversationId conversation, TimeSpan wait, CancellationToken ct)
    {
        try
        {
            await Task.Delay(wait, clock, ct);
            var error = dispatch.Error ?? new DeliveryError(WhatsAppErrorCodes.OutcomeUnknown, "outcome unknown",
                "the engine stopped while sending; WhatsApp may or may not have the message, and it is not resent");
            await RecordAsync(new ExpireUnknownDelivery(conversation, dispatch.MessageNumber,
                error with { Code = WhatsAppErrorCodes.OutcomeUnknown }, clock.GetUtcNow()), ct);
            await SaveAsync(dispatch with { FinishedAt = clock.GetUtcNow() }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Recording the unknown outcome of {ConversationId} message {MessageNumber} failed; retried at the next start", dispatch.ConversationId, dispatch.MessageNumber);
        }
        catch (OperationCanceledException) { }
    }

    /// <param name="image">The bytes of the message's or header's engine attachment (null: none, or not in the store).</param>
    private async Task<SendResult> SendAsync(IConversationEvent e, ConversationId conversation, long number, WhatsAppCloudClient client,
        ImageContent? image, CancellationToken ct)
    {
        if (await contacts.RecipientForAsync(conversation, ct) is not { } to)
            return Refused($"contact {conversation.Contact} has no phone number: add one in the directory");
        var send = new SendOptions(Correlation: new OutboundCorrelation(conversation, number),
            PhoneNumberId: channel.Value.Numbers.FirstOrDefault(n => n.Tenant == conversation.Tenant)?.PhoneNumberId);
        try
        {
            switch (e)
            {
                case MessageSent m when m.Attachments is [var uploaded] && WhatsAppMedia.IsEngineAttachment(uploaded.Reference):
                    // An image uploaded to the engine: WhatsApp's media endpoint first, then the message by media id.
                    return image is not null
                        ? await client.SendImageAsync(to, image, m.Attachments[0].Caption ?? m.Text, send, ct)
                        : Refused($"image {m.Attachments[0].Reference} is not in the engine's attachment store");
                case MessageSent m when m.Attachments is [var held]:
                    return await client.SendImageAsync(to, held with { Caption = held.Caption ?? m.Text }, send, ct);
                case MessageSent { Attachments.Count: > 1 }:
                    return Refused("WhatsApp sends one image per message");
                case MessageSent m:
                    return await client.SendTextAsync(to, m.Text ?? "", send, ct);
                case NotificationSent n:
                    if (templates.Catalog?.Find(n.Notification.TemplateName, n.Notification.Language) is not { } template)
                        return Refused($"template {n.Notification.TemplateName} ({n.Notification.Language}) is not in the catalog");
                    var header = template.Header is { Link: null } ? n.Notification.HeaderImage : null;
                    if (header is not null && WhatsAppMedia.IsEngineAttachment(header.Reference))
                    {
                        // The same path as an agent's image: upload, then name the media id in the template's header.
                        if (image is not { } headerImage)
                            return Refused($"header image {header.Reference} is not in the engine's attachment store");
                        var upload = await client.UploadImageAsync(headerImage, send.PhoneNumberId, ct);
                        if (upload.Failure is { } failed) return failed;
                        header = header with { Reference = upload.Reference!, MimeType = headerImage.MimeType, SizeBytes = headerImage.Bytes.LongLength };
                    }
                    var rendered = TemplateRenderer.Render(template, new Dictionary<string, string>(), n.Notification.Fields, header);
                    return rendered.Rendered is { } r
                        ? await client.SendTemplateAsync(to, r.Payload, send, ct)
                        : Refused(rendered.Error!);
                default:
                    return Refused("not a WhatsApp message");
            }
        }
        catch (OperationCanceledException)
        {
            return new SendResult.Failed(SendFailure.OutcomeUnknown, new WhatsAppApiError(WhatsAppErrorCodes.OutcomeUnknown, "outcome unknown", "the engine stopped while sending"), null, false);
        }
    }

    /// <summary>The engine attachment a send needs uploaded to WhatsApp: an agent's image, or a template's header image.</summary>
    private static Attachment? EngineImageOf(IConversationEvent e) => e switch
    {
        MessageSent { Attachments: [var a] } when WhatsAppMedia.IsEngineAttachment(a.Reference) => a,
        NotificationSent { Notification.HeaderImage: { } h } when WhatsAppMedia.IsEngineAttachment(h.Reference) => h,
        _ => null,
    };

    /// <summary>The bytes of an "attachment:{id}" image of the conversation's tenant, with the type it was stored with; null when unknown.</summary>
    private async Task<ImageContent?> LoadImageAsync(ConversationId conversation, Attachment image, CancellationToken ct)
    {
        if (!Guid.TryParse(image.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var id)) return null;
        return await attachments.LoadAsync(conversation.Tenant, id, ct) is { } found
            ? new ImageContent(found.Content, found.MimeType, image.FileName)
            : null;
    }

    private static SendResult Refused(string reason) =>
        new SendResult.Failed(SendFailure.RefusedBeforeSend, new WhatsAppApiError(WhatsAppErrorCodes.RefusedBeforeSend, "not sent", reason), null, false);

    /// <summary>Asks the conversation; a journal outage is retried, and if it lasts the stream restarts from its offset.</summary>
    private async Task RecordAsync(IConversationCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await gateway.AskAsync(command, null, ct);
            if (reply.Code != ReplyCode.Unavailable)
            {
                if (!reply.IsSuccess)
                    log.LogWarning("{Command} for {ConversationId}: {Code} {Reason}", command.GetType().Name, command.ConversationId.Value, reply.Code, reply.Reason);
                return;
            }
            if (attempt >= 5) throw new InvalidOperationException($"the journal is unavailable: {reply.Reason}");
            await Task.Delay(TimeSpan.FromSeconds(attempt), clock, ct);
        }
    }

    private async Task SaveAsync(WhatsAppDispatch dispatch, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(dispatch);
        await session.SaveChangesAsync(ct);
    }
}
