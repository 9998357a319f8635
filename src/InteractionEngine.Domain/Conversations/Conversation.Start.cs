using static InteractionEngine.Domain.Conversations.ConversationState;

namespace InteractionEngine.Domain.Conversations;

/// <summary>Agent-started interactions: "Create WhatsApp Interaction" or the Chat button on a directory contact.</summary>
public static partial class Conversation
{
    /// <summary>The routing reason recorded when an agent starts an interaction and takes it.</summary>
    public const string StartedByAgentReason = "started by agent";

    /// <summary>
    /// A new interaction starts when none is open (no conversation yet, or the last one is Done). While one is open the
    /// answer is Conflict, except for the agent who already has it live on the same channel (Unchanged, so a second
    /// click on Chat is harmless). The client's id makes a retry a Duplicate.
    /// </summary>
    private static Decision Start(Started s, StartInteraction c)
    {
        if (s.ProcessedKeys.TryGet(StartKey(c.ClientMessageId), out var original))
            return new Decision([], new Reply(ReplyCode.Duplicate, Interaction: original.Interaction));
        var current = s.Current;
        if (current.Status == InteractionStatus.Done) return StartedByAgent(c, current.Number + 1);
        if (current.Status == InteractionStatus.Active && current.AgentId == c.AgentId && current.Channel == c.Channel)
            return new Decision([], new Reply(ReplyCode.Unchanged, $"interaction {current.Number} is already open and routed to {c.AgentId}",
                Interaction: current.Number));
        return Decision.Reject(ReplyCode.Conflict, current.Status switch
        {
            InteractionStatus.Queued => $"interaction {current.Number} is waiting for routing: the routing layer assigns it",
            InteractionStatus.Ended when current.AgentId == c.AgentId =>
                $"interaction {current.Number} has ended but is not Done: reactivate it or mark it Done first",
            _ when current.AgentId == c.AgentId => $"interaction {current.Number} is open on {current.Channel}",
            _ => $"interaction {current.Number} is open and routed to another agent",
        });
    }

    private static Decision StartedByAgent(StartInteraction c, int interaction) =>
        Decision.Accept(new Reply(ReplyCode.Accepted, Interaction: interaction),
            new InteractionOpened(c.ConversationId, interaction, c.Channel, InteractionOrigin.Outbound, c.At, c.AgentId, c.Address, c.ClientMessageId),
            new InteractionRouted(c.ConversationId, interaction, c.AgentId, StartedByAgentReason, null, c.At));

    /// <summary>Its own key space: a client id used to start an interaction does not make a later message with that id a duplicate.</summary>
    internal static string StartKey(string clientMessageId) => "start:" + clientMessageId;
}
