using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Agents;

/// <summary>The agent's rules (docs/lifecycle.md, "Agent state"): pure, the time comes with the command.</summary>
public static class Agent
{
    public static Decision Decide(AgentState state, IAgentCommand command, AgentDeskPolicy policy) => command switch
    {
        SetAgentState c => DecideState(state, c, policy),
        SetAgentCapacity c => DecideCapacity(state, c),
        _ => Decision.Reject(ReplyCode.Invalid, $"{command.GetType().Name} is not an agent command"),
    };

    public static AgentState Evolve(AgentState state, IAgentEvent e) => e switch
    {
        AgentStateChanged s => state with { Presence = s.State, Reason = s.Reason },
        AgentCapacitySet c => state with { ChatCapacity = c.Chat, OpenMediaCapacity = c.OpenMedia },
        _ => state,
    };

    private static Decision DecideState(AgentState state, SetAgentState c, AgentDeskPolicy policy)
    {
        if (!Enum.IsDefined(c.State)) return Decision.Reject(ReplyCode.Invalid, "state must be Ready, NotReady or Offline");
        string? label = null;
        if (c.State == AgentPresence.NotReady)
        {
            if (string.IsNullOrEmpty(c.Reason) && policy.NotReadyReasons.Count > 0)
                return Decision.Reject(ReplyCode.Invalid, $"Not Ready needs a reason, one of: {Codes(policy)}");
            if (!string.IsNullOrEmpty(c.Reason))
            {
                if (policy.Find(c.Reason) is not { } reason)
                    return Decision.Reject(ReplyCode.Invalid, policy.NotReadyReasons.Count == 0
                        ? $"'{c.Reason}' is not a Not Ready reason: this tenant has none configured"
                        : $"'{c.Reason}' is not one of this tenant's Not Ready reasons: {Codes(policy)}");
                label = reason.Label;
            }
        }
        else if (!string.IsNullOrEmpty(c.Reason))
            return Decision.Reject(ReplyCode.Invalid, $"only Not Ready takes a reason, not {c.State}");

        var reasonCode = string.IsNullOrEmpty(c.Reason) ? null : c.Reason;
        if (state.Presence == c.State && state.Reason == reasonCode) return Decision.Unchanged($"already {c.State}");
        return Decision.Accept(new Reply(ReplyCode.Accepted), new AgentStateChanged(c.Agent, c.State, reasonCode, label, state.Presence, c.By, c.At));
    }

    private static Decision DecideCapacity(AgentState state, SetAgentCapacity c)
    {
        if (c.Chat is < 0 or > AgentDeskPolicy.MaxCapacity || c.OpenMedia is < 0 or > AgentDeskPolicy.MaxCapacity)
            return Decision.Reject(ReplyCode.Invalid, $"capacity is 0 to {AgentDeskPolicy.MaxCapacity} per media type (null: the tenant's default)");
        if (state.ChatCapacity == c.Chat && state.OpenMediaCapacity == c.OpenMedia) return Decision.Unchanged("capacity already set so");
        return Decision.Accept(new Reply(ReplyCode.Accepted), new AgentCapacitySet(c.Agent, c.Chat, c.OpenMedia, c.By, c.At));
    }

    private static string Codes(AgentDeskPolicy policy) => string.Join(", ", policy.NotReadyReasons.Select(r => r.Code));
}
