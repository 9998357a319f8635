namespace InteractionEngine.Domain.Agents;

/// <summary>A request to an agent's actor; the time is supplied by the caller (the edge).</summary>
public interface IAgentCommand
{
    AgentKey Agent { get; }
}

/// <summary>Set the agent's state; <paramref name="Reason"/> is a code from the tenant's Not Ready reasons (Not Ready only).</summary>
public sealed record SetAgentState(AgentKey Agent, AgentPresence State, string? Reason, string By, DateTimeOffset At) : IAgentCommand;

/// <summary>Override the agent's capacity per media type (null: back to the tenant's default).</summary>
public sealed record SetAgentCapacity(AgentKey Agent, int? Chat, int? OpenMedia, string By, DateTimeOffset At) : IAgentCommand;
