using System.Collections.Concurrent;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>An <see cref="IConversations"/> that accepts every command and keeps it, for asserting what was recorded.</summary>
internal sealed class RecordingConversations : IConversations
{
    private readonly ConcurrentQueue<(Func<IConversationCommand, bool> Matches, TaskCompletionSource Seen)> _waits = new();

    public ConcurrentQueue<IConversationCommand> Commands { get; } = new();

    public Task<Reply> AskAsync(IConversationCommand command, string? correlationId, CancellationToken ct)
    {
        Commands.Enqueue(command);
        foreach (var wait in _waits.Where(w => w.Matches(command))) wait.Seen.TrySetResult();
        return Task.FromResult(new Reply(ReplyCode.Accepted));
    }

    public IReadOnlyList<T> Of<T>() => Commands.OfType<T>().ToList();

    /// <summary>Completes once a command of type <typeparamref name="T"/> was recorded (a background outcome); times out after 10 s.</summary>
    public Task RecordedAsync<T>() where T : IConversationCommand
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waits.Enqueue((c => c is T, seen));
        if (Commands.OfType<T>().Any()) seen.TrySetResult();
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
