using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Attachments;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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

/// <summary>A page of the contact list with each contact's WhatsApp channel state (null: none recorded).</summary>
public sealed record WhatsAppContactListPage(IReadOnlyList<WhatsAppContactListItem> Contacts, string? Next);

public sealed record WhatsAppContactListItem(ContactSummary Contact, ContactChannelState? WhatsAppChannel);

/// <summary>The answer to "Validate WhatsApp Channel": sent (the status webhook decides), or a warning at once.</summary>
public sealed record ChannelValidation(string Outcome, string Address, string? Wamid = null, string? Detail = null, string? Reason = null, int? ErrorCode = null);

/// <summary>Agent actions on WhatsApp: template notifications, "Connect WhatsApp Channel", "Validate WhatsApp Channel".</summary>
public static class WhatsAppAgentEndpoints
{
    public const string ConnectionTemplate = "whatsapp_connection_request";
    public const string ValidationTemplate = "whatsapp_channel_check";
    public const string DefaultLanguage = "en_US";

    public static void MapWhatsAppAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/channels/whatsapp").WithTags("WhatsApp").RequireApiKey(Policies.Read);
        tenant.MapGet("/contacts", ListContacts).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The contact list (as GET /api/v1/contacts) with each contact's WhatsApp channel state (null: none recorded)");

        var contact = app.MapGroup("/api/v1/contacts/{contact}").WithTags("WhatsApp");
        contact.MapGet("/channels/whatsapp", ChannelState).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("A contact's WhatsApp channel state: Requested, Connected, Warning (with WhatsApp's reason) or Disconnected");
        contact.MapPost("/notifications", SendNotification).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Send a WhatsApp template notification, filled from the contact's data and the agent's values (422 names a missing field)");
        contact.MapPost("/channels/whatsapp/connect", Connect).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Connect WhatsApp Channel: send the connection request; the contact's answer marks the channel connected");
        contact.MapPost("/channels/whatsapp/validate", Validate).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity, StatusCodes.Status502BadGateway, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Validate WhatsApp Channel: send a check through the Cloud API; undeliverable numbers get a warning with the reason");
    }

    private static async Task<Results<Ok<WhatsAppContactListPage>, ProblemHttpResult>> ListContacts(
        [AsParameters] ContactListQuery query, ConversationQueries queries, HttpContext http)
    {
        if (query.ToRequest() is not { } request) return ReplyResults.Invalid("'after' is not a cursor from a previous page");
        var tenant = Caller.From(http.User).Tenant;
        var page = await queries.ContactsAsync(tenant, request, http.RequestAborted);
        var states = (await queries.ChannelStatesAsync(tenant, page.Contacts.Select(c => c.Contact).ToList(), http.RequestAborted)).ToDictionary(s => s.Contact);
        return TypedResults.Ok(new WhatsAppContactListPage(
            page.Contacts.Select(c => new WhatsAppContactListItem(c, states.GetValueOrDefault(c.Contact))).ToList(),
            page.Next is null ? null : ContactCursorText.Format(page.Next)));
    }

    private static async Task<Results<Ok<ContactChannelState>, ProblemHttpResult>> ChannelState(
        ContactConversation conversation, ConversationQueries queries, CancellationToken ct) =>
        await queries.ChannelStatesAsync(conversation.Tenant, [conversation.Contact], ct) is [var state]
            ? TypedResults.Ok(state)
            : ReplyResults.Problem(StatusCodes.Status404NotFound, "No channel state", $"no WhatsApp channel state is recorded for '{conversation.Contact}'");

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendNotification(ContactConversation conversation, NotificationRequest body,
        HttpContext http, CommandSender send, TemplateCatalogProvider templates, WhatsAppContacts contacts, AttachmentStore attachments)
    {
        if (string.IsNullOrWhiteSpace(body.Template)) return Unprocessable("'template' is required", "template");
        var headerImage = body.HeaderImage;
        if (headerImage is not null && WhatsAppMedia.IsEngineAttachment(headerImage.Reference))
        {
            // An image uploaded through /api/v1/attachments: its stored type and size are what WhatsApp will get.
            var stored = Guid.TryParse(headerImage.Reference[WhatsAppMedia.EngineAttachmentPrefix.Length..], out var attachmentId)
                ? await attachments.LoadAsync(conversation.Tenant, attachmentId, http.RequestAborted)
                : null;
            if (stored is not { } image) return Unprocessable($"{headerImage.Reference} is not an uploaded attachment of this tenant", "headerImage");
            headerImage = headerImage with { MimeType = image.MimeType, SizeBytes = image.Content.LongLength };
        }
        var rendered = await RenderAsync(templates, contacts, conversation.Id, body.Template, body.Language ?? DefaultLanguage, body.Values, headerImage, http.RequestAborted);
        if (rendered.Problem is { } problem) return problem;
        return await send.AsAgentAsync(http, conversation, body.AgentId, (cid, agent, now) =>
            new SendNotification(cid, agent, ClientId(body.ClientMessageId, http), rendered.Content!, now));
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Connect(ContactConversation conversation, ChannelRequest body,
        HttpContext http, CommandSender send, TemplateCatalogProvider templates, WhatsAppContacts contacts)
    {
        if (await contacts.RecipientForAsync(conversation.Id, http.RequestAborted) is not { } address)
            return Unprocessable($"contact {conversation.Contact} has no phone number: add one in the directory", "phoneNumbers");
        var rendered = await RenderAsync(templates, contacts, conversation.Id, body.Template ?? ConnectionTemplate, body.Language ?? DefaultLanguage, body.Values, null, http.RequestAborted);
        if (rendered.Problem is { } problem) return problem;
        return await send.AsAgentAsync(http, conversation, body.AgentId, (cid, agent, now) =>
            new RequestChannelConnection(cid, agent, ClientId(body.ClientMessageId, http), ChannelKind.WhatsApp, address, rendered.Content!, now));
    }

    private static async Task<Results<Accepted<ChannelValidation>, Ok<ChannelValidation>, ProblemHttpResult>> Validate(ContactConversation conversation,
        ChannelRequest body, HttpContext http, TemplateCatalogProvider templates, WhatsAppContacts contacts, IServiceProvider services,
        IConversations conversations, IDocumentStore store, IOptions<WhatsAppChannelOptions> channel, TimeProvider clock)
    {
        var id = conversation.Id;
        if (!Caller.From(http.User).TryActAs(body.AgentId, out _)) return CommandSender.CannotActAs(body.AgentId);
        if (await contacts.RecipientForAsync(id, http.RequestAborted) is not { } address)
            return Unprocessable($"contact {conversation.Contact} has no phone number: add one in the directory", "phoneNumbers");
        var rendered = await RenderAsync(templates, contacts, id, body.Template ?? ValidationTemplate, body.Language ?? DefaultLanguage, body.Values, null, http.RequestAborted);
        if (rendered.Problem is { } problem) return problem;
        var client = services.GetRequiredService<WhatsAppCloudClient>();
        var result = await client.SendTemplateAsync(address, rendered.Payload!,
            new SendOptions(PhoneNumberId: channel.Value.Numbers.FirstOrDefault(n => n.Tenant == id.Tenant)?.PhoneNumberId), http.RequestAborted);
        switch (result)
        {
            case SendResult.Accepted accepted:
                await using (var session = store.LightweightSession())
                {
                    session.Store(new WhatsAppValidation(accepted.Wamid, id.Value, address, clock.GetUtcNow()));
                    await session.SaveChangesAsync(http.RequestAborted);
                }
                return TypedResults.Accepted((string?)null, new ChannelValidation("sent", address, accepted.Wamid,
                    "the channel is confirmed when WhatsApp reports the check delivered; a failure sets a warning"));
            case SendResult.Failed failed when WhatsAppErrorCodes.IsChannelProblem(failed.Error.Code):
                var reason = failed.Error.Details is { } d ? $"{failed.Error.Title}: {d}" : failed.Error.Title;
                var reply = await conversations.AskAsync(new RecordChannelState(id, ChannelKind.WhatsApp, address, Domain.Conversations.ChannelState.Warning, reason, failed.Error.Code, clock.GetUtcNow()),
                    CorrelationIdMiddleware.Of(http), http.RequestAborted);
                return reply.Code is ReplyCode.Unavailable
                    ? ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "The engine could not make the command durable; retry", reply.Reason)
                    : TypedResults.Ok(new ChannelValidation("warning", address, Reason: reason, ErrorCode: failed.Error.Code));
            case SendResult.Failed failed:
                return ReplyResults.Problem(StatusCodes.Status502BadGateway, "The validation message could not be sent",
                    $"{failed.Error.Code} {failed.Error.Title} {failed.Error.Details}".Trim());
            default:
                return ReplyResults.Problem(StatusCodes.Status500InternalServerError, "Unexpected send result", null);
        }
    }

    private static string ClientId(string? fromBody, HttpContext http) =>
        fromBody ?? (http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? key : Guid.NewGuid().ToString("N"));

    private sealed record Rendering(NotificationContent? Content, TemplatePayload? Payload, ProblemHttpResult? Problem);

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

    private static ProblemHttpResult Unprocessable(string detail, string? field) =>
        TypedResults.Problem(title: "The notification cannot be sent", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
