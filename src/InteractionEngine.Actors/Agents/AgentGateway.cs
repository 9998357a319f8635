using Akka.Actor;
using Akka.Hosting;
using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Actors.Agents;

/// <summary>Sends a command to its agent through the shard region and waits for the durable answer.</summary>
public sealed class AgentGateway(IRequiredActor<AgentActor> region, AgentsOptions options, ILogger<AgentGateway> logger) : IAgents
{
    public async Task<Reply> AskAsync(IAgentCommand command, string? correlationId, CancellationToken ct)
    {
        try
        {
            var shardRegion = await region.GetAsync(ct);
            return await shardRegion.Ask<Reply>(command, options.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            // Unknown outcome: the state change may still be persisted; repeating it is answered "unchanged".
            logger.LogWarning("{Command} for agent {Agent} was not acknowledged within {Timeout} [{CorrelationId}]",
                command.GetType().Name, command.Agent.Value, options.AskTimeout, correlationId);
            return new Reply(ReplyCode.Unavailable, $"no acknowledgement within {options.AskTimeout.TotalSeconds:0.#}s; retry");
        }
    }
}
