using System.Diagnostics.Metrics;

namespace InteractionEngine.Projections.Pipeline;

/// <summary>
/// What the read-side pipeline did last, for /health/ready and metrics (meter "InteractionEngine.Pipeline": histogram
/// "pipeline.lag" in ms from the event being durable to the Marten commit that made it visible, counter "pipeline.events"
/// with the tag "source" = "actor" or "journal": which input brought the event first).
/// </summary>
public sealed class PipelineStatus
{
    public static readonly Meter Meter = new("InteractionEngine.Pipeline");
    private static readonly Histogram<double> LagHistogram = Meter.CreateHistogram<double>("pipeline.lag", "ms", "durable to visible in the read models");
    private static readonly Counter<long> EventCounter = Meter.CreateCounter<long>("pipeline.events", description: "events copied into Marten");

    private readonly object _gate = new();
    private readonly double[] _recentLags = new double[1024];
    private long _recorded;
    // Created only while someone waits, so a commit with no waiter allocates nothing.
    private TaskCompletionSource? _nextCommit;

    public bool Running { get; private set; }
    public long CommittedOrdering { get; private set; }
    public DateTimeOffset? LastCommitAt { get; private set; }
    public string? LastError { get; private set; }
    public long EventsCopied { get; private set; }

    /// <summary>Of <see cref="EventsCopied"/>, those the journal query brought first (their actor's publication was lost, or late).</summary>
    public long EventsFromJournal { get; private set; }

    /// <summary>When this node last heard the pipeline running on another node (<see cref="HeardAlive"/>), and where.</summary>
    public DateTimeOffset? ElsewhereHeardAt { get; private set; }
    public long ElsewhereOrdering { get; private set; }
    public string? ElsewhereNode { get; private set; }

    /// <summary>The pipeline's heartbeat from the node it runs on (this node's own heartbeats are ignored).</summary>
    public void HeardAlive(long ordering, string node, DateTimeOffset at)
    {
        lock (_gate) { ElsewhereHeardAt = at; ElsewhereOrdering = ordering; ElsewhereNode = node; }
    }

    public void Started(long checkpoint)
    {
        lock (_gate) { Running = true; CommittedOrdering = checkpoint; LastError = null; }
    }

    public void Stopped(string? error)
    {
        lock (_gate) { Running = false; LastError = error; }
    }

    /// <summary>A batch is done: every journal event up to <paramref name="ordering"/> is in the read models, <paramref name="appended"/> new.</summary>
    public void Committed(long ordering, IReadOnlyList<FeedItem> appended, DateTimeOffset at)
    {
        var fromJournal = appended.Count(e => e.FromJournal);
        lock (_gate)
        {
            CommittedOrdering = ordering;
            LastCommitAt = at;
            EventsCopied += appended.Count;
            EventsFromJournal += fromJournal;
            foreach (var e in appended)
            {
                var lag = (at - e.Timestamp).TotalMilliseconds;
                _recentLags[_recorded++ % _recentLags.Length] = lag;
                LagHistogram.Record(lag);
            }
            _nextCommit?.TrySetResult();
            _nextCommit = null;
        }
        if (fromJournal > 0) EventCounter.Add(fromJournal, new KeyValuePair<string, object?>("source", "journal"));
        if (appended.Count > fromJournal) EventCounter.Add(appended.Count - fromJournal, new KeyValuePair<string, object?>("source", "actor"));
    }

    /// <summary>
    /// Completes once every journal event up to <paramref name="ordering"/> is in the read models (read-your-writes for
    /// a caller that knows the journal position of its write, and tests that wait on a position instead of sleeping).
    /// </summary>
    public async Task WaitForOrderingAsync(long ordering, CancellationToken ct)
    {
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (CommittedOrdering >= ordering) return;
                next = (_nextCommit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await next.WaitAsync(ct);
        }
    }

    /// <summary>Lag percentiles (ms) over the last 1,024 events.</summary>
    public (double P50, double P99, double Max) RecentLag()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_recorded, _recentLags.Length);
            if (count == 0) return (0, 0, 0);
            var sorted = _recentLags.Take(count).Order().ToArray();
            return (sorted[(int)(count * 0.50)], sorted[Math.Min(count - 1, (int)(count * 0.99))], sorted[^1]);
        }
    }
}
