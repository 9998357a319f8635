using System.Collections.Concurrent;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>An <see cref="IConversations"/> that accepts every command and keeps it, for asserting what was recorded.</summary>
internal sealed class RecordingConversations : IConversations
{
    public ConcurrentQueue<IConversationCommand> Commands { get; } = new();

    public Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct)
    {
        Commands.Enqueue(command);
        return Task.FromResult(new Reply(ReplyCode.Accepted));
    }

    public IReadOnlyList<T> Of<T>() => Commands.OfType<T>().ToList();
}
