namespace InteractionEngine.Domain.Agents;

/// <summary>What the agent's decisions need: its state and reason, and its capacity overrides.</summary>
public sealed record AgentState(AgentPresence Presence, string? Reason, int? ChatCapacity, int? OpenMediaCapacity)
{
    /// <summary>An agent that never changed state is Offline with the tenant's capacity.</summary>
    public static readonly AgentState Initial = new(AgentPresence.Offline, null, null, null);
}
