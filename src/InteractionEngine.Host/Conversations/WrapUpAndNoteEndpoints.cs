using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Conversations;

/// <summary>The tenant's wrap-up codes: what Done accepts in <c>wrapUpCode</c>, and whether one is required.</summary>
public sealed record WrapUpCodeList(bool Required, IReadOnlyList<WrapUpCode> Codes);

/// <summary>Wrap-up codes for Done, and private notes on a conversation (internal: never sent to the contact).</summary>
public static class WrapUpAndNoteEndpoints
{
    public static void MapWrapUpAndNotes(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Queries").RequireApiKey(Policies.Read)
            .MapGet("/wrap-up-codes", WrapUpCodes).WithSummary("The tenant's wrap-up codes (code and label) and whether Done requires one");

        app.MapGroup("/api/v1/contacts/{contact}").WithTags("Agent commands").RequireApiKey(Policies.Note)
            .MapPost("/notes", AddNote)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Add a private note (agents and supervisors; any time, even after Done): shown in the transcript as internal, never sent, " +
                         "never unread (clientMessageId or Idempotency-Key is required: it makes a retry a no-op)");
    }

    private static Ok<WrapUpCodeList> WrapUpCodes(ITenantPolicies policies, HttpContext http)
    {
        var wrapUp = policies.For(Caller.From(http.User).Tenant).WrapUp ?? WrapUpPolicy.None;
        return TypedResults.Ok(new WrapUpCodeList(wrapUp.Required, wrapUp.Codes));
    }

    private static Task<Results<Ok<CommandResult>, ProblemHttpResult>> AddNote(
        ContactConversation conversation, PrivateNoteRequest body, CommandSender send, HttpContext http) =>
        send.SendOutboundAsync(http, conversation, Author(body.AgentId, http), body.ClientMessageId, (id, agent, clientId, now) =>
            new AddPrivateNote(id, agent, clientId, body.Text ?? "", now));

    /// <summary>A supervisor who names no agent writes the note as itself (its key id), so the note says who wrote it.</summary>
    private static string? Author(string? requested, HttpContext http) =>
        string.IsNullOrEmpty(requested) && Caller.From(http.User) is { IsSupervisor: true } supervisor ? supervisor.KeyId : requested;
}
