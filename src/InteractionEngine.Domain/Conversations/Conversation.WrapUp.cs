using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

/// <summary>Done with its wrap-up (code and note), and private notes (docs/lifecycle.md, "Wrap-up and private notes").</summary>
public static partial class Conversation
{
    private static Decision Done(Started s, MarkDone c, WrapUpPolicy wrapUp)
    {
        var current = s.Current;
        if (current.Status == InteractionStatus.Done)
            return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is already marked Done");
        if (current.Status == InteractionStatus.Queued)
            return Decision.Reject(ReplyCode.Conflict, $"interaction {current.Number} is not routed to an agent yet");
        if (current.AgentId != c.AgentId)
            return Decision.Reject(ReplyCode.Forbidden, $"interaction {current.Number} is routed to another agent");
        WrapUpCode? code = null;
        if (c.WrapUpCode is { } given && (code = wrapUp.Find(given)) is null)
            return Decision.Reject(ReplyCode.Invalid, $"'{given}' is not one of this tenant's wrap-up codes ({CodeList(wrapUp)}); see GET /api/v1/wrap-up-codes");
        if (code is null && wrapUp.Required)
            return Decision.Reject(ReplyCode.Invalid, $"this tenant requires a wrap-up code to mark an interaction Done: give 'wrapUpCode', one of {CodeList(wrapUp)}");
        var reply = new Reply(ReplyCode.Accepted, Interaction: current.Number);
        var note = string.IsNullOrWhiteSpace(c.WrapUpNote) ? null : c.WrapUpNote.Trim();
        var done = new MarkedDone(s.Id, current.Number, c.AgentId, c.At, code?.Code, code?.Label, note);
        // Done on a live session ends it first, so every Done interaction has an end.
        return current.Status == InteractionStatus.Active
            ? Decision.Accept(reply, new SessionEnded(s.Id, current.Number, Party.Agent, c.AgentId, "marked done", c.At), done)
            : Decision.Accept(reply, done);
    }

    /// <summary>
    /// Any agent of the tenant may note at any time (queued, live, ended or Done): a note is internal, changes no lifecycle,
    /// no read position and no idle timer; it belongs to the current interaction.
    /// </summary>
    private static Decision Note(Started s, AddPrivateNote c)
    {
        // A note has no message number: the duplicate answers with the interaction only.
        if (s.ProcessedKeys.TryGet(NoteKey(c.ClientMessageId), out var original))
            return new Decision([], new Reply(ReplyCode.Duplicate, null, null, original.Interaction));
        return Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: s.Current.Number),
            new PrivateNoteAdded(s.Id, s.Current.Number, c.AgentId, c.ClientMessageId, c.Text, c.At));
    }

    private static string CodeList(WrapUpPolicy wrapUp) =>
        wrapUp.Codes.Count == 0 ? "the tenant has none configured" : string.Join(", ", wrapUp.Codes.Select(x => x.Code));

    internal static string NoteKey(string clientMessageId) => "note:" + clientMessageId;
}
