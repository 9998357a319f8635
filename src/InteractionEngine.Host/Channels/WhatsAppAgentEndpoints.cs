using InteractionEngine.Channels.WhatsApp.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

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

/// <param name="PhoneNumber">Connect or validate this one of the contact's numbers (E.164, or the wa_id's digits) instead of the first.</param>
/// <param name="PhoneNumberIndex">Or the number at this index (from 0) of the contact's directory entry.</param>
public sealed record ChannelRequest(string? AgentId, string? ClientMessageId = null, string? Template = null, string? Language = null,
    IReadOnlyDictionary<string, string>? Values = null, string? PhoneNumber = null, int? PhoneNumberIndex = null);

/// <summary>A page of the contact list with each contact's WhatsApp channel (null: none recorded and the contact never wrote on WhatsApp).</summary>
public sealed record WhatsAppContactListPage(IReadOnlyList<WhatsAppContactListItem> Contacts, string? Next);

public sealed record WhatsAppContactListItem(ContactSummary Contact, WhatsAppChannelView? WhatsAppChannel);

/// <summary>202 to "Validate WhatsApp channel": the check is durable and goes out through the outbox.</summary>
/// <param name="Position">Where the command left the conversation (as <see cref="CommandResult.Position"/>).</param>
public sealed record ValidationAccepted(string Outcome, string Address, string Detail, string? Position = null);

/// <summary>Agent actions on WhatsApp: template notifications, "Connect WhatsApp Channel", "Validate WhatsApp Channel".</summary>
public static class WhatsAppAgentEndpoints
{
    public static void MapWhatsAppAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/channels/whatsapp").WithTags("WhatsApp").RequireApiKey(Policies.Read).WaitsForReadPosition();
        tenant.MapGet("/contacts", ListContacts).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The contact list (as GET /api/v1/contacts) with each contact's WhatsApp channel (null: none recorded and never wrote on WhatsApp)");

        var contact = app.MapGroup("/api/v1/contacts/{contact}").WithTags("WhatsApp");
        contact.MapGet("/channels/whatsapp", ChannelState).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status404NotFound).WaitsForReadPosition()
            .WithSummary("A contact's WhatsApp channel: Requested, Connected (also when the contact only wrote), Warning (with WhatsApp's reason) or Disconnected; the 24-hour window");
        var sends = app.MapGroup("/api/v1/contacts/{contact}").WithTags("WhatsApp").RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        sends.MapPost("/notifications", SendNotification)
            .WithSummary("Send a WhatsApp template notification, filled from the contact's data and the agent's values (422 names a missing field)");
        sends.MapPost("/channels/whatsapp/connect", Connect)
            .WithSummary("Connect WhatsApp Channel: send the connection request; the contact's answer marks the channel connected");
        sends.MapPost("/channels/whatsapp/validate", Validate)
            .WithSummary("Validate WhatsApp Channel: a check goes out through the outbox (202); undeliverable numbers get a warning with the reason");
        app.MapWhatsAppTemplateEndpoints();
    }

    private static async Task<Results<Ok<WhatsAppContactListPage>, ProblemHttpResult>> ListContacts(
        [AsParameters] ContactListQuery query, ConversationQueries queries, TimeProvider clock, HttpContext http)
    {
        var (request, problem) = query.ToRequest();
        if (request is null) return ReplyResults.Invalid(problem!);
        var tenant = Caller.From(http.User).Tenant;
        var page = await queries.ContactsAsync(tenant, request, http.RequestAborted);
        var states = (await queries.ChannelStatesAsync(tenant, page.Contacts.Select(c => c.Contact).ToList(), http.RequestAborted)).ToDictionary(s => s.Contact);
        return TypedResults.Ok(new WhatsAppContactListPage(
            page.Contacts.Select(c => new WhatsAppContactListItem(c,
                WhatsAppChannelView.Of(c.Contact, states.GetValueOrDefault(c.Contact), c.WhatsApp, clock.GetUtcNow()))).ToList(),
            page.Next is null ? null : ContactCursorText.Format(page.Next)));
    }

    private static async Task<Results<Ok<WhatsAppChannelView>, ProblemHttpResult>> ChannelState(
        ContactConversation conversation, ConversationQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var recorded = (await queries.ChannelStatesAsync(conversation.Tenant, [conversation.Contact], ct)).SingleOrDefault();
        var summary = await queries.ContactAsync(conversation.Tenant, conversation.Contact, ct);
        return WhatsAppChannelView.Of(conversation.Contact, recorded, summary?.WhatsApp, clock.GetUtcNow()) is { } view
            ? TypedResults.Ok(view)
            : ReplyResults.Problem(StatusCodes.Status404NotFound, "No WhatsApp channel",
                $"'{conversation.Contact}' never wrote on WhatsApp and no WhatsApp channel state is recorded for them");
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> SendNotification(
        ContactConversation conversation, NotificationRequest body, HttpContext http, CommandSender send, TemplateComposer composer)
    {
        if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
        if (string.IsNullOrWhiteSpace(body.Template)) return Problem(new CompositionProblem("'template' is required", TemplateLanguages.TemplateField));
        var composed = await composer.ComposeAsync(conversation.Id, body.Template, body.Language, body.Values, body.HeaderImage, http.RequestAborted);
        if (composed.Problem is { } problem) return Problem(problem);
        return await send.SendOutboundAsync(http, conversation, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
            new SendNotification(cid, agent, clientId, composed.Content!, now));
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Connect(
        ContactConversation conversation, ChannelRequest body, HttpContext http, CommandSender send, TemplateComposer composer)
    {
        if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
        var (address, refused) = await AddressAsync(conversation, body, composer, http.RequestAborted);
        if (refused is not null) return refused;
        var composed = await composer.ComposeAsync(conversation.Id, body.Template ?? TemplateComposer.ConnectionTemplate, body.Language, body.Values, null, http.RequestAborted);
        if (composed.Problem is { } problem) return Problem(problem);
        return await send.SendOutboundAsync(http, conversation, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
            new RequestChannelConnection(cid, agent, clientId, ChannelKind.WhatsApp, address!, composed.Content!, now));
    }

    private static async Task<Results<Accepted<ValidationAccepted>, ProblemHttpResult>> Validate(
        ContactConversation conversation, ChannelRequest body, HttpContext http, CommandSender send, TemplateComposer composer)
    {
        if (!Caller.From(http.User).TryActAs(body.AgentId, out _)) return CommandSender.CannotActAs(body.AgentId);
        if (OutboundClientId.Of(body.ClientMessageId, http) is null) return OutboundClientId.Missing();
        var (address, wrongNumber) = await AddressAsync(conversation, body, composer, http.RequestAborted);
        if (wrongNumber is not null) return wrongNumber;
        var composed = await composer.ComposeAsync(conversation.Id, body.Template ?? TemplateComposer.ValidationTemplate, body.Language, body.Values, null, http.RequestAborted);
        if (composed.Problem is { } problem) return Problem(problem);
        var sent = await send.SendOutboundAsync(http, conversation, body.AgentId, body.ClientMessageId, (cid, agent, clientId, now) =>
            new ValidateChannel(cid, agent, clientId, ChannelKind.WhatsApp, address!, composed.Content!, now));
        // 202 once the check is durable: the dispatcher sends it, and its status webhook sets Connected or Warning.
        return sent.Result switch
        {
            Ok<CommandResult> ok => TypedResults.Accepted((string?)null, new ValidationAccepted("requested", address!,
                "the check goes out through the outbox; the channel is confirmed when WhatsApp reports it delivered, and a failure sets a warning",
                ok.Value?.Position)),
            ProblemHttpResult refused => refused,
            _ => ReplyResults.Problem(StatusCodes.Status500InternalServerError, "Unexpected command result", null),
        };
    }

    /// <summary>The number the agent chose (422 when it is not the contact's), else the contact's first number.</summary>
    private static async Task<(string? Address, ProblemHttpResult? Refused)> AddressAsync(
        ContactConversation conversation, ChannelRequest body, TemplateComposer composer, CancellationToken ct)
    {
        if (body.PhoneNumber is not null || body.PhoneNumberIndex is not null)
        {
            var (chosen, problem) = await composer.ChosenAddressAsync(conversation.Id, body.PhoneNumber, body.PhoneNumberIndex, ct);
            return problem is null ? (chosen, null) : (null, problem.ToHttp("The number cannot be used"));
        }
        return await composer.AddressAsync(conversation.Id, ct) is { } address ? (address, null) : (null, NoPhoneNumber(conversation));
    }

    private static ProblemHttpResult NoPhoneNumber(ContactConversation conversation) =>
        Unprocessable($"contact {conversation.Contact} has no phone number: add one in the directory", "phoneNumbers");

    private static ProblemHttpResult Problem(CompositionProblem problem) => problem.ToHttp("The notification cannot be sent");

    private static ProblemHttpResult Unprocessable(string detail, string? field) =>
        TypedResults.Problem(title: "The notification cannot be sent", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
