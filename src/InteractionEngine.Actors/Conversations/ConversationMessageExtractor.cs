using Akka.Cluster.Sharding;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>Routes anything that names a conversation to that conversation's entity.</summary>
public sealed class ConversationMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>Fixed for the life of the data: changing it moves conversations between shards.</summary>
    public const int ShardCount = 100;

    public override string? EntityId(object message) => message switch
    {
        IWithConversationId m => m.ConversationId.Value,
        _ => null,
    };
}
