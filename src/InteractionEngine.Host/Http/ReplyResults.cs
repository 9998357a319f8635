using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Http;

/// <summary>What every command endpoint answers on success.</summary>
/// <param name="Outcome">accepted, duplicate (a retry: nothing changed) or unchanged (already true).</param>
/// <param name="Position">Where the command left the conversation: pass it to a read (<c>?position=</c>) to see its effect.</param>
public sealed record CommandResult(string Outcome, int? Interaction, long? MessageNumber, string? Reason, string? Position = null);

/// <summary>Maps a conversation's reply to HTTP: successes as 200 with the outcome, rejections as ProblemDetails.</summary>
public static class ReplyResults
{
    /// <param name="conversation">The command's conversation: a success then carries its read position.</param>
    public static Results<Ok<CommandResult>, ProblemHttpResult> ToHttp(this Reply reply, ConversationId? conversation = null) => reply.Code switch
    {
        ReplyCode.Accepted or ReplyCode.Duplicate or ReplyCode.Unchanged =>
            TypedResults.Ok(new CommandResult(reply.Code.ToString().ToLowerInvariant(), reply.Interaction ?? reply.Message?.Interaction,
                reply.Message?.MessageNumber, reply.Reason, conversation is null ? null : ReadPosition.Of(reply, conversation)?.Format())),
        ReplyCode.Invalid => Problem(StatusCodes.Status422UnprocessableEntity, "The command is not valid", reply.Reason),
        ReplyCode.Conflict => Problem(StatusCodes.Status409Conflict, "Not allowed in the interaction's current state", reply.Reason),
        ReplyCode.Forbidden => Problem(StatusCodes.Status403Forbidden, "The interaction belongs to another agent", reply.Reason),
        ReplyCode.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", reply.Reason),
        _ => Problem(StatusCodes.Status503ServiceUnavailable, "The engine could not make the command durable; retry", reply.Reason),
    };

    public static ProblemHttpResult Problem(int status, string title, string? detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: status);

    public static ProblemHttpResult Invalid(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is malformed", detail);
}
