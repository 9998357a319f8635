using InteractionEngine.Channels.Contacts;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <param name="AgentId">May be omitted with an agent key (it starts the interaction for itself).</param>
/// <param name="Channel">The channel to start on, e.g. WhatsApp.</param>
/// <param name="Address">On WhatsApp and SMS one of the contact's directory numbers (any format with its country code, or a wa_id); omitted: the first.</param>
/// <param name="ClientMessageId">Makes a retry a no-op (or the Idempotency-Key header); one of them is required.</param>
public sealed record StartInteractionRequest(string? AgentId, ChannelKind? Channel, string? Address, string? ClientMessageId);

/// <summary>"Create WhatsApp Interaction" / the Chat button: an agent starts an interaction with a directory contact.</summary>
public static class StartInteractionEndpoints
{
    public static void MapStartInteraction(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/contacts/{contact}").WithTags("Agent commands").RequireApiKey(Policies.Act)
            .MapPost("/interactions", Start)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Start an interaction with a directory contact on a channel and address; it is routed to the agent who started it " +
                         "(clientMessageId or Idempotency-Key is required: it makes a retry a no-op)");
    }

    private static async Task<Results<Ok<CommandResult>, ProblemHttpResult>> Start(
        ContactConversation conversation, StartInteractionRequest body, CommandSender send, ContactDirectory directory, HttpContext http)
    {
        if (body.Channel is not { } channel) return ReplyResults.Invalid("'channel' is required");
        if (await directory.FindAsync(conversation.Id, http.RequestAborted) is not { } profile)
            return ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact",
                $"'{conversation.Contact}' is not in this tenant's directory: add the contact first");
        var address = ContactAddressRules.Choose(profile, channel, body.Address, out var problem);
        if (problem is not null)
            return TypedResults.Problem(title: "The address is not the contact's", detail: problem, statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["field"] = "address" });
        return await send.SendOutboundAsync(http, conversation, body.AgentId, body.ClientMessageId, (id, agent, clientId, now) =>
            new StartInteraction(id, agent, channel, address, clientId, now));
    }
}
