using Akka.Cluster.Sharding;
using InteractionEngine.Domain.Agents;

namespace InteractionEngine.Actors.Agents;

/// <summary>Routes an agent command to that agent's entity.</summary>
public sealed class AgentMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>Fixed for the life of the data: changing it moves agents between shards.</summary>
    public const int ShardCount = 20;

    public override string? EntityId(object message) => message switch
    {
        IAgentCommand c => c.Agent.Value,
        _ => null,
    };
}
