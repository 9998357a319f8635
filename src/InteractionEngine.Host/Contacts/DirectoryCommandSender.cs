using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Contacts;

/// <summary>The entry a directory command left, or why it was refused (nothing changed).</summary>
public sealed record DirectoryAnswer(ContactProfile? Profile, ProblemHttpResult? Problem);

/// <summary>
/// Sends a directory command through the contact's conversation (the caller's agent id, or its key id, as the author) and
/// answers with the entry as the read side holds it: the answer waits for the command's position (read-your-writes, as
/// <c>?position=</c> reads do), so a GET that follows is fresh. The position is also in the <c>X-Read-Position</c> header.
/// The command is durable when answered: if the read side is late the entry comes from the conversation's reply instead.
/// </summary>
public sealed class DirectoryCommandSender(IConversations conversations, TimeProvider clock, ReadSideWaiter waiter, ReadYourWritesOptions options,
    ContactDirectory directory, ILogger<DirectoryCommandSender> log)
{
    public async Task<DirectoryAnswer> SendAsync(HttpContext http, ConversationId id, Func<string, DateTimeOffset, IDirectoryCommand> command)
    {
        var caller = Caller.From(http.User);
        var reply = await conversations.AskAsync(command(caller.AgentId ?? caller.KeyId, clock.GetUtcNow()), CorrelationIdMiddleware.Of(http), http.RequestAborted);
        if (!reply.IsSuccess || reply.Contact is not { } entry) return new DirectoryAnswer(null, Refused(reply));

        if (ReadPosition.Of(reply, id) is { } position)
        {
            http.Response.Headers[ReadPosition.HeaderName] = position.Format();
            if (await waiter.WaitForAsync(id.Value, position.Version, ReadSideScope.Inline, options.Timeout, http.RequestAborted)
                && await directory.FindAsync(id, http.RequestAborted) is { } stored)
                return new DirectoryAnswer(stored, null);
            log.LogWarning("Directory change of {ConversationId} at version {Version} is not on the read side after {Timeout}; answering from the conversation",
                id.Value, position.Version, options.Timeout);
        }
        return new DirectoryAnswer(new ContactProfile(id.Value, id.Tenant, id.Contact, entry.FirstName, entry.LastName, entry.PhoneNumbers, entry.Emails), null);
    }

    private static ProblemHttpResult Refused(Reply reply) => reply.Code switch
    {
        ReplyCode.Conflict => ReplyResults.Problem(StatusCodes.Status409Conflict, "The contact exists", reply.Reason),
        ReplyCode.NotFound => ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact or address", reply.Reason),
        ReplyCode.Invalid => ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Invalid contact", reply.Reason),
        _ => ReplyResults.Problem(StatusCodes.Status503ServiceUnavailable, "The engine could not make the change durable; retry", reply.Reason),
    };
}
