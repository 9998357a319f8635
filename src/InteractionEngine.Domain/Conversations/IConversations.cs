namespace InteractionEngine.Domain.Conversations;

/// <summary>
/// The way into a conversation for everything outside the actor side (HTTP, channel adapters, outbox followers):
/// send a command, get the answer once its events are durable. The actor side implements it over the shard region.
/// </summary>
public interface IConversations
{
    /// <param name="correlationId">Carried into the actor's logs and the journal's tags; null when there is none.</param>
    Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct);
}
