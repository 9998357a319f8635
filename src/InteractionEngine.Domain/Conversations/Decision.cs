namespace InteractionEngine.Domain.Conversations;

public enum ReplyCode
{
    /// <summary>Events were persisted.</summary>
    Accepted,
    /// <summary>The idempotency key was seen before; nothing persisted, the original result is returned.</summary>
    Duplicate,
    /// <summary>Valid but already true (e.g. a status that does not move forward); nothing persisted.</summary>
    Unchanged,
    /// <summary>The input is malformed.</summary>
    Invalid,
    /// <summary>Not allowed in the current lifecycle state.</summary>
    Conflict,
    /// <summary>The agent is not the one the interaction is routed to.</summary>
    Forbidden,
    /// <summary>The conversation or the message named does not exist.</summary>
    NotFound,
    /// <summary>The command could not be made durable (journal failure); the caller should retry.</summary>
    Unavailable,
}

/// <summary>The answer to a command, sent only once its events are durable.</summary>
/// <param name="Version">
/// The conversation's version once the command is done: the journal sequence number of its last event, or, when nothing
/// was persisted (duplicate, unchanged), of the last event before it. The read side has the command's effect once it holds
/// the conversation at this version (read-your-writes); the conversation actor sets it, Decide leaves it null.
/// </param>
/// <param name="Contact">The contact's directory entry after a directory command (null for other commands).</param>
public sealed record Reply(ReplyCode Code, string? Reason = null, MessageRef? Message = null, int? Interaction = null, long? Version = null,
    ContactEntry? Contact = null)
{
    public bool IsSuccess => Code is ReplyCode.Accepted or ReplyCode.Duplicate or ReplyCode.Unchanged;
}

public sealed record Decision(IReadOnlyList<IConversationEvent> Events, Reply Reply)
{
    public static Decision Accept(Reply reply, params IConversationEvent[] events) => new(events, reply);
    public static Decision Duplicate(MessageRef original) => new([], new Reply(ReplyCode.Duplicate, null, original, original.Interaction));
    public static Decision Unchanged(string reason) => new([], new Reply(ReplyCode.Unchanged, reason));
    public static Decision Reject(ReplyCode code, string reason) => new([], new Reply(code, reason));
}
