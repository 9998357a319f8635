namespace InteractionEngine.Projections.ReadYourWrites;

/// <summary>
/// This node's signal that the read-side pipeline committed a batch (on whichever node it runs: the
/// <see cref="ReadSideCommitListener"/> hears the pipeline's pub-sub announcement). Waiters take <see cref="Next"/>
/// before they look, so a commit between their look and their wait still wakes them.
/// </summary>
public sealed class ReadSideCommits
{
    private readonly object _gate = new();
    // Created only while someone waits, so a commit with no waiter allocates nothing.
    private TaskCompletionSource? _next;

    /// <summary>Completes at the next commit after this call.</summary>
    public Task Next()
    {
        lock (_gate) return (_next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public void Committed()
    {
        TaskCompletionSource? next;
        lock (_gate)
        {
            next = _next;
            _next = null;
        }
        next?.TrySetResult();
    }
}
