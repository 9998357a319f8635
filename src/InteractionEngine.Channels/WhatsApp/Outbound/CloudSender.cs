using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Contacts;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>Turns one outbound event into Cloud API calls (text, image, template; engine images uploaded first).</summary>
public sealed class CloudSender(WhatsAppContacts contacts, TemplateCatalogProvider templates, AttachmentStore attachments,
    IOptions<WhatsAppChannelOptions> channel)
{
    /// <summary>
    /// The bytes of the engine attachment a send needs uploaded (an agent's image or a template's header image), read
    /// before the claim: should the database fail here, the stream restarts and tries again instead of leaving a claim
    /// whose message was never sent. Null: none, or not in the store.
    /// </summary>
    public async Task<ImageContent?> LoadImageAsync(OutboundSend send, CancellationToken ct)
    {
        if (EngineImageOf(send.Event) is not { } image) return null;
        if (!Guid.TryParse(image.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var id)) return null;
        return await attachments.LoadAsync(send.ConversationId.Tenant, id, ct) is { } found
            ? new ImageContent(found.Content, found.MimeType, image.FileName)
            : null;
    }

    /// <param name="image">From <see cref="LoadImageAsync"/>.</param>
    public async Task<SendResult> SendAsync(OutboundSend send, WhatsAppCloudClient client, ImageContent? image, CancellationToken ct)
    {
        var conversation = send.ConversationId;
        // An interaction an agent started on a chosen number sends there; otherwise the contact's default number.
        if ((ChosenAddress(send.Event) ?? await contacts.RecipientForAsync(conversation, ct)) is not { } to)
            return Refused($"contact {conversation.Contact} has no phone number: add one in the directory");
        var options = new SendOptions(Correlation: new OutboundCorrelation(conversation, send.Number, send.Validation),
            PhoneNumberId: channel.Value.Numbers.FirstOrDefault(n => n.Tenant == conversation.Tenant)?.PhoneNumberId);
        try
        {
            switch (send.Event)
            {
                case MessageSent m when m.Attachments is [var uploaded] && WhatsAppMedia.IsEngineAttachment(uploaded.Reference):
                    // An image uploaded to the engine: WhatsApp's media endpoint first, then the message by media id.
                    return image is not null
                        ? await client.SendImageAsync(to, image, m.Attachments[0].Caption ?? m.Text, options, ct)
                        : Refused($"image {m.Attachments[0].Reference} is not in the engine's attachment store");
                case MessageSent m when m.Attachments is [var held]:
                    return await client.SendImageAsync(to, held with { Caption = held.Caption ?? m.Text }, options, ct);
                case MessageSent { Attachments.Count: > 1 }:
                    return Refused("WhatsApp sends one image per message");
                case MessageSent m:
                    return await client.SendTextAsync(to, m.Text ?? "", options, ct);
                case NotificationSent n:
                    // A connection request or an agent-started interaction names its number (already in `to`); others go to the contact's number.
                    return await SendTemplateAsync(conversation.Tenant, n.Notification, to, client, options, image, ct);
                case ChannelValidationRequested v:
                    // The number the agent asked to check, which the directory may have changed since.
                    return await SendTemplateAsync(conversation.Tenant, v.Notification, WaId(v.Address), client, options, null, ct);
                default:
                    return Refused("not a WhatsApp message");
            }
        }
        catch (OperationCanceledException)
        {
            return new SendResult.Failed(SendFailure.OutcomeUnknown, new WhatsAppApiError(WhatsAppErrorCodes.OutcomeUnknown, "outcome unknown", "the engine stopped while sending"), null, false);
        }
    }

    /// <summary>The wa_id of the address recorded on the message (E.164 in the directory), or null.</summary>
    private static string? ChosenAddress(IConversationEvent e) => e switch
    {
        MessageSent { Address: { } address } => WaId(address),
        NotificationSent { Address: { } address } => WaId(address),
        _ => null,
    };

    /// <summary>The Cloud API's recipient form of an E.164 address: digits only, as the contact's wa_id.</summary>
    private static string WaId(string address) => address.TrimStart('+');

    private async Task<SendResult> SendTemplateAsync(string tenant, NotificationContent notification, string to, WhatsAppCloudClient client, SendOptions options,
        ImageContent? image, CancellationToken ct)
    {
        // The tenant's own catalog: the one its agent composed the notification from.
        var source = templates.For(tenant);
        if (source.Catalog is not { } catalog)
            return Refused($"tenant {tenant}'s WhatsApp template catalog could not be loaded: {source.Problem}");
        if (catalog.Find(notification.TemplateName, notification.Language) is not { } template)
            return Refused($"template {notification.TemplateName} ({notification.Language}) is not in tenant {tenant}'s catalog");
        var header = template.Header is { Link: null } ? notification.HeaderImage : null;
        if (header is not null && WhatsAppMedia.IsEngineAttachment(header.Reference))
        {
            // The same path as an agent's image: upload, then name the media id in the template's header.
            if (image is not { } headerImage)
                return Refused($"header image {header.Reference} is not in the engine's attachment store");
            var upload = await client.UploadImageAsync(headerImage, options.PhoneNumberId, ct);
            if (upload.Failure is { } failed) return failed;
            header = header with { Reference = upload.Reference!, MimeType = headerImage.MimeType, SizeBytes = headerImage.Bytes.LongLength };
        }
        var rendered = TemplateRenderer.RenderRecorded(template, notification, header);
        return rendered.Rendered is { } r
            ? await client.SendTemplateAsync(to, r.Payload, options, ct)
            : Refused(rendered.Error!);
    }

    private static Attachment? EngineImageOf(IConversationEvent e) => e switch
    {
        MessageSent { Attachments: [var a] } when WhatsAppMedia.IsEngineAttachment(a.Reference) => a,
        NotificationSent { Notification.HeaderImage: { } h } when WhatsAppMedia.IsEngineAttachment(h.Reference) => h,
        _ => null,
    };

    public static SendResult Refused(string reason) =>
        new SendResult.Failed(SendFailure.RefusedBeforeSend, new WhatsAppApiError(WhatsAppErrorCodes.RefusedBeforeSend, "not sent", reason), null, false);
}
