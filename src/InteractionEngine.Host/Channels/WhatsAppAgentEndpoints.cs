using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;
using Microsoft.Extensions.Options;

namespace InteractionEngine.Host.Channels;

/// <param name="Template">Template name in the catalog (config/whatsapp-templates.json).</param>
/// <param name="Values">Agent-edited field values by field name (e.g. "appointment.date"); they win over contact data and defaults.</param>
/// <param name="HeaderImage">
/// The image for an IMAGE header: an image uploaded through /api/v1/attachments ("attachment:{id}", uploaded to WhatsApp's
/// media endpoint when the notification is sent), a "whatsapp-media:{id}" reference or an https link, with its type and size.
/// </param>
public sealed record NotificationRequest(
    string? AgentId, string? ClientMessageId, string? Template, string? Language,
    IReadOnlyDictionary<string, string>? Values, Attachment? HeaderImage);

public sealed record ChannelRequest(string? AgentId, string? ClientMessageId = null, string? Template = null, string? Language = null,
    IReadOnlyDictionary<string, string>? Values = null);

/// <summary>A validation message sent to check a number; its status webhook sets the channel state.</summary>
public sealed record WhatsAppValidation(string Id, string ConversationId, string Address, DateTimeOffset SentAt);

/// <summary>Agent actions on WhatsApp: template notifications, "Connect WhatsApp Channel", "Validate WhatsApp Channel".</summary>
public static class WhatsAppAgentEndpoints
{
    public const string ConnectionTemplate = "whatsapp_connection_request";
    public const string ValidationTemplate = "whatsapp_channel_check";
    public const string DefaultLanguage = "en_US";

    public static void MapWhatsAppAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1").WithTags("WhatsApp").RequireAuthorization(Policies.Read);

        read.MapGet("/channels/whatsapp/contacts", async (HttpContext http, ConversationQueries queries, MediaType? media, ChannelKind? channel,
            bool? hasUnread, string? agentId, int? pageSize, string? after) =>
        {
            if (after is not null && ContactCursorText.TryParse(after) is null) return ReplyResults.Invalid("'after' is not a cursor from a previous page");
            var tenant = Caller.From(http.User).Tenant;
            var page = await queries.ContactsAsync(tenant, new ContactListRequest(pageSize ?? 50,
                after is null ? null : ContactCursorText.TryParse(after), media, channel, hasUnread, agentId), http.RequestAborted);
            var states = (await queries.ChannelStatesAsync(tenant, page.Contacts.Select(c => c.Contact).ToList(), http.RequestAborted))
                .ToDictionary(s => s.Contact);
            return TypedResults.Ok(new
            {
                contacts = page.Contacts.Select(c => new { contact = c, whatsAppChannel = states.GetValueOrDefault(c.Contact) }),
                next = page.Next is null ? null : ContactCursorText.Format(page.Next),
            });
        }).WithSummary("The contact list (as GET /api/v1/contacts) with each contact's WhatsApp channel state (null: none recorded)");

        read.MapGet("/contacts/{contact}/channels/whatsapp", async (string contact, HttpContext http, ConversationQueries queries) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            var states = await queries.ChannelStatesAsync(Caller.From(http.User).Tenant, [contact], http.RequestAborted);
            return states is [var state]
                ? TypedResults.Ok(state)
                : ReplyResults.Problem(StatusCodes.Status404NotFound, "No channel state", $"no WhatsApp channel state is recorded for '{contact}'");
        }).WithSummary("A contact's WhatsApp channel state: Requested, Connected, Warning (with WhatsApp's reason) or Disconnected");

        var agents = app.MapGroup("/api/v1/contacts/{contact}").WithTags("WhatsApp").RequireAuthorization(Policies.Act);

        agents.MapPost("/notifications", async (string contact, NotificationRequest body, HttpContext http, CommandSender send,
            TemplateCatalogProvider templates, WhatsAppContacts contacts, AttachmentStore attachments) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            if (string.IsNullOrWhiteSpace(body.Template)) return Unprocessable("'template' is required", "template");
            var id = new ConversationId(Caller.From(http.User).Tenant, contact);
            var headerImage = body.HeaderImage;
            if (headerImage is not null && WhatsAppMedia.IsEngineAttachment(headerImage.Reference))
            {
                // An image uploaded through /api/v1/attachments: its stored type and size are what WhatsApp will get.
                var stored = Guid.TryParse(headerImage.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var attachmentId)
                    ? await attachments.LoadAsync(id.Tenant, attachmentId, http.RequestAborted)
                    : null;
                if (stored is not { } image) return Unprocessable($"{headerImage.Reference} is not an uploaded attachment of this tenant", "headerImage");
                headerImage = headerImage with { MimeType = image.MimeType, SizeBytes = image.Content.LongLength };
            }
            var rendered = await RenderAsync(templates, contacts, id, body.Template, body.Language ?? DefaultLanguage, body.Values, headerImage, http.RequestAborted);
            if (rendered.Problem is { } problem) return problem;
            return await send.AsAgentAsync(http, contact, body.AgentId, (cid, agent, now) =>
                new SendNotification(cid, agent, ClientId(body.ClientMessageId, http), rendered.Content!, now));
        }).WithSummary("Send a WhatsApp template notification, filled from the contact's data and the agent's values (422 names a missing field)");

        agents.MapPost("/channels/whatsapp/connect", async (string contact, ChannelRequest body, HttpContext http, CommandSender send,
            TemplateCatalogProvider templates, WhatsAppContacts contacts) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            var id = new ConversationId(Caller.From(http.User).Tenant, contact);
            if (await contacts.RecipientForAsync(id, http.RequestAborted) is not { } address)
                return Unprocessable($"contact {contact} has no phone number: add one in the directory", "phoneNumbers");
            var rendered = await RenderAsync(templates, contacts, id, body.Template ?? ConnectionTemplate, body.Language ?? DefaultLanguage, body.Values, null, http.RequestAborted);
            if (rendered.Problem is { } problem) return problem;
            return await send.AsAgentAsync(http, contact, body.AgentId, (cid, agent, now) =>
                new RequestChannelConnection(cid, agent, ClientId(body.ClientMessageId, http), ChannelKind.WhatsApp, address, rendered.Content!, now));
        }).WithSummary("Connect WhatsApp Channel: send the connection request; the contact's answer marks the channel connected");

        agents.MapPost("/channels/whatsapp/validate", async (string contact, ChannelRequest body, HttpContext http,
            TemplateCatalogProvider templates, WhatsAppContacts contacts, IServiceProvider services, IConversations gateway,
            IDocumentStore store, IOptions<WhatsAppChannelOptions> channel, TimeProvider clock) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            var caller = Caller.From(http.User);
            if (!caller.TryActAs(body.AgentId, out _))
                return ReplyResults.Problem(StatusCodes.Status403Forbidden, "An agent key cannot act for another agent", $"this key acts as its own agent, not as '{body.AgentId}'");
            var id = new ConversationId(caller.Tenant, contact);
            if (await contacts.RecipientForAsync(id, http.RequestAborted) is not { } address)
                return Unprocessable($"contact {contact} has no phone number: add one in the directory", "phoneNumbers");
            var rendered = await RenderAsync(templates, contacts, id, body.Template ?? ValidationTemplate, body.Language ?? DefaultLanguage, body.Values, null, http.RequestAborted);
            if (rendered.Problem is { } problem) return problem;
            var client = services.GetRequiredService<WhatsAppCloudClient>();
            var result = await client.SendTemplateAsync(address, rendered.Payload!,
                new SendOptions(PhoneNumberId: channel.Value.Numbers.FirstOrDefault(n => n.Tenant == caller.Tenant)?.PhoneNumberId), http.RequestAborted);
            switch (result)
            {
                case SendResult.Accepted accepted:
                    await using (var session = store.LightweightSession())
                    {
                        session.Store(new WhatsAppValidation(accepted.Wamid, id.Value, address, clock.GetUtcNow()));
                        await session.SaveChangesAsync(http.RequestAborted);
                    }
                    return TypedResults.Accepted((string?)null, new { outcome = "sent", wamid = accepted.Wamid, address,
                        detail = "the channel is confirmed when WhatsApp reports the check delivered; a failure sets a warning" });
                case SendResult.Failed failed when WhatsAppErrorCodes.IsChannelProblem(failed.Error.Code):
                    var reason = failed.Error.Details is { } d ? $"{failed.Error.Title}: {d}" : failed.Error.Title;
                    var reply = await gateway.AskAsync(new RecordChannelState(id, ChannelKind.WhatsApp, address, ChannelState.Warning, reason, failed.Error.Code, clock.GetUtcNow()),
                        CorrelationIdMiddleware.Of(http), http.RequestAborted);
                    return reply.Code is ReplyCode.Unavailable ? reply.ToHttp()
                        : TypedResults.Ok(new { outcome = "warning", address, reason, errorCode = failed.Error.Code });
                case SendResult.Failed failed:
                    return ReplyResults.Problem(StatusCodes.Status502BadGateway, "The validation message could not be sent",
                        $"{failed.Error.Code} {failed.Error.Title} {failed.Error.Details}".Trim());
                default:
                    return ReplyResults.Problem(StatusCodes.Status500InternalServerError, "Unexpected send result", null);
            }
        }).WithSummary("Validate WhatsApp Channel: send a check through the Cloud API; undeliverable numbers get a warning with the reason");
    }

    private static string ClientId(string? fromBody, HttpContext http) =>
        fromBody ?? (http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : Guid.NewGuid().ToString("N"));

    private sealed record Rendering(NotificationContent? Content, TemplatePayload? Payload, IResult? Problem);

    private static async Task<Rendering> RenderAsync(TemplateCatalogProvider templates, WhatsAppContacts contacts, ConversationId id,
        string name, string language, IReadOnlyDictionary<string, string>? values, Attachment? headerImage, CancellationToken ct)
    {
        if (templates.Catalog is not { } catalog)
            return new(null, null, ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "No template catalog", "the WhatsApp template catalog could not be loaded"));
        if (catalog.Find(name, language) is not { } template)
            return new(null, null, Unprocessable($"template {name} ({language}) is not in the catalog", "template"));
        var profile = await contacts.ProfileAsync(id, ct);
        var rendered = TemplateRenderer.Render(template, ContactData(id, profile), values ?? new Dictionary<string, string>(), headerImage);
        return rendered.Rendered is { } r
            ? new(r.Notification, r.Payload, null)
            : new(null, null, Unprocessable(rendered.Error!, rendered.Field));
    }

    private static Dictionary<string, string> ContactData(ConversationId id, ContactProfile? profile)
    {
        var data = new Dictionary<string, string> { ["id"] = id.Contact };
        if (profile?.FirstName is { } first) data["firstName"] = first;
        if (profile?.LastName is { } last) data["lastName"] = last;
        if (profile?.PhoneNumbers.FirstOrDefault() is { } phone) data["phone"] = phone.Number;
        return data;
    }

    private static IResult Unprocessable(string detail, string? field) =>
        TypedResults.Problem(title: "The notification cannot be sent", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
