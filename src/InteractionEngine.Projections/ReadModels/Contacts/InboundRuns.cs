namespace InteractionEngine.Projections.ReadModels;

/// <summary>Consecutive inbound message numbers From..To (inclusive).</summary>
public sealed record NumberRun(long From, long To);

/// <summary>
/// Unread arithmetic without keeping every message number: inbound messages come in runs (a contact writes
/// a few in a row, then the agent answers), so the numbers are kept as runs. Unread = inbound numbers
/// above the read position. Runs wholly below the read position are dropped except the last
/// <see cref="ReadRunsKept"/>, so moving the read position back (mark unread) stays exact within them;
/// the domain only ever moves it back to just before the last inbound message.
/// </summary>
public static class InboundRuns
{
    public const int ReadRunsKept = 16;

    public static IReadOnlyList<NumberRun> Add(IReadOnlyList<NumberRun> runs, long messageNumber)
    {
        if (runs.Count > 0 && runs[^1].To == messageNumber - 1)
            return [.. runs.Take(runs.Count - 1), runs[^1] with { To = messageNumber }];
        if (runs.Count > 0 && runs[^1].To >= messageNumber)
            return runs; // a number seen before; message numbers only grow, so this is a replayed duplicate
        return [.. runs, new NumberRun(messageNumber, messageNumber)];
    }

    public static int UnreadAbove(IReadOnlyList<NumberRun> runs, long readUpTo)
    {
        long unread = 0;
        foreach (var run in runs)
        {
            var from = Math.Max(run.From, readUpTo + 1);
            if (run.To >= from) unread += run.To - from + 1;
        }
        return (int)Math.Min(unread, int.MaxValue);
    }

    /// <summary>Forgets runs that are read, keeping the most recent read ones.</summary>
    public static IReadOnlyList<NumberRun> Prune(IReadOnlyList<NumberRun> runs, long readUpTo)
    {
        var read = runs.Count(r => r.To <= readUpTo);
        var drop = read - ReadRunsKept;
        return drop <= 0 ? runs : runs.Skip(drop).ToArray();
    }
}
