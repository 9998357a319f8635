using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Agents;

/// <summary>Ready: can take interactions; Not Ready: logged in but not taking new ones (with a reason); Offline: logged out.</summary>
public enum AgentPresence
{
    Offline,
    Ready,
    NotReady,
}

/// <summary>
/// A fact about an agent (state, capacity). Persisted by the agent's own actor and carried by the same journal feed as
/// the conversation events: its read-side stream is <see cref="AgentKey.Stream"/>, which is what the conversation id
/// of an agent event names (it is never serialized; the agent is).
/// </summary>
public interface IAgentEvent : IConversationEvent
{
    AgentKey Agent { get; }

    ConversationId IWithConversationId.ConversationId => Agent.Stream;
}

/// <summary>
/// The agent's state changed, by the agent or a supervisor (<paramref name="ChangedBy"/>). Not Ready carries the reason
/// code from the tenant's list and its label as it was then (so replay never depends on later config).
/// </summary>
public sealed record AgentStateChanged(AgentKey Agent, AgentPresence State, string? Reason, string? ReasonLabel, AgentPresence PreviousState,
    string ChangedBy, DateTimeOffset At) : IAgentEvent;

/// <summary>
/// A per-agent capacity override (interactions at once, per media type); null: the tenant's default applies.
/// </summary>
public sealed record AgentCapacitySet(AgentKey Agent, int? Chat, int? OpenMedia, string SetBy, DateTimeOffset At) : IAgentEvent;
