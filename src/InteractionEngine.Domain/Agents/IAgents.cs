using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Agents;

/// <summary>The way into an agent's actor for the edge: send a command, get the answer once its events are durable.</summary>
public interface IAgents
{
    Task<Reply> AskAsync(IAgentCommand command, string? correlationId, CancellationToken ct);
}
