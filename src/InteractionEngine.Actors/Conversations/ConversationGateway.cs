using Akka.Actor;
using Akka.Hosting;
using InteractionEngine.Domain.Conversations;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Actors.Conversations;

/// <summary>Sends a command to its conversation through the shard region and waits for the durable answer.</summary>
public sealed class ConversationGateway(IRequiredActor<ConversationActor> region, ConversationsOptions options, ILogger<ConversationGateway> logger)
    : IConversations
{
    public async Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct)
    {
        try
        {
            var shardRegion = await region.GetAsync(ct);
            object message = correlationId is null ? command : new CorrelatedCommand(command, correlationId);
            return await shardRegion.Ask<Reply>(message, options.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            // Unknown outcome: the command may still be persisted; the caller retries with the same idempotency key.
            logger.LogWarning("{Command} for {ConversationId} was not acknowledged within {Timeout}", command.GetType().Name, command.ConversationId.Value, options.AskTimeout);
            return new Reply(ReplyCode.Unavailable, $"no acknowledgement within {options.AskTimeout.TotalSeconds:0.#}s; retry with the same idempotency key");
        }
    }
}
