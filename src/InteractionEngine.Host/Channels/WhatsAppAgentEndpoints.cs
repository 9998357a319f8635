using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;

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

/// <summary>202 to "Validate WhatsApp channel": the check is durable and goes out through the outbox.</summary>
public sealed record ValidationAccepted(string Outcome, string Address, string Detail);

/// <summary>Agent actions on WhatsApp: template notifications, "Connect WhatsApp Channel", "Validate WhatsApp Channel".</summary>
public static class WhatsAppAgentEndpoints
{
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

        agents.MapPost("/notifications", async (string contact, NotificationRequest body, HttpContext http, CommandSender send, TemplateComposer composer) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
            if (string.IsNullOrWhiteSpace(body.Template)) return Unprocessable("'template' is required", "template");
            var id = new ConversationId(Caller.From(http.User).Tenant, contact);
            var composed = await composer.ComposeAsync(id, body.Template, body.Language, body.Values, body.HeaderImage, http.RequestAborted);
            if (composed.Problem is { } problem) return Problem(problem);
            return await send.SendOutboundAsync(http, contact, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
                new SendNotification(cid, agent, clientId, composed.Content!, now));
        }).WithSummary("Send a WhatsApp template notification, filled from the contact's data and the agent's values (422 names a missing field)");

        agents.MapPost("/channels/whatsapp/connect", async (string contact, ChannelRequest body, HttpContext http, CommandSender send, TemplateComposer composer) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
            var id = new ConversationId(Caller.From(http.User).Tenant, contact);
            if (await composer.AddressAsync(id, http.RequestAborted) is not { } address)
                return Unprocessable($"contact {contact} has no phone number: add one in the directory", "phoneNumbers");
            var composed = await composer.ComposeAsync(id, body.Template ?? TemplateComposer.ConnectionTemplate, body.Language, body.Values, null, http.RequestAborted);
            if (composed.Problem is { } problem) return Problem(problem);
            return await send.SendOutboundAsync(http, contact, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
                new RequestChannelConnection(cid, agent, clientId, ChannelKind.WhatsApp, address, composed.Content!, now));
        }).WithSummary("Connect WhatsApp Channel: send the connection request; the contact's answer marks the channel connected");

        agents.MapPost("/channels/whatsapp/validate", async (string contact, ChannelRequest body, HttpContext http, CommandSender send, TemplateComposer composer) =>
        {
            if (!ConversationId.IsValidPart(contact)) return ReplyResults.Invalid("contact ids are 1-128 characters of letters, digits and . _ - + @");
            var caller = Caller.From(http.User);
            if (!caller.TryActAs(body.AgentId, out _))
                return ReplyResults.Problem(StatusCodes.Status403Forbidden, "An agent key cannot act for another agent", $"this key acts as its own agent, not as '{body.AgentId}'");
            if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
            var id = new ConversationId(caller.Tenant, contact);
            if (await composer.AddressAsync(id, http.RequestAborted) is not { } address)
                return Unprocessable($"contact {contact} has no phone number: add one in the directory", "phoneNumbers");
            var composed = await composer.ComposeAsync(id, body.Template ?? TemplateComposer.ValidationTemplate, body.Language, body.Values, null, http.RequestAborted);
            if (composed.Problem is { } problem) return Problem(problem);
            // 202 once the check is durable: the dispatcher sends it, and its status webhook sets Connected or Warning.
            return await send.SendOutboundAsync(http, contact, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
                    new ValidateChannel(cid, agent, clientId, ChannelKind.WhatsApp, address, composed.Content!, now),
                _ => TypedResults.Accepted((string?)null, new ValidationAccepted("requested", address,
                    "the check goes out through the outbox; the channel is confirmed when WhatsApp reports it delivered, and a failure sets a warning")));
        }).WithSummary("Validate WhatsApp Channel: a check goes out through the outbox (202); undeliverable numbers get a warning with the reason");
    }

    private static IResult Problem(CompositionProblem problem) => problem.NoCatalog
        ? ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "No template catalog", problem.Detail)
        : Unprocessable(problem.Detail, problem.Field);

    private static IResult Unprocessable(string detail, string? field) =>
        TypedResults.Problem(title: "The notification cannot be sent", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
