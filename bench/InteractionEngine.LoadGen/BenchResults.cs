namespace InteractionEngine.LoadGen;

/// <summary>Phase 1: flat out through the sharded actors, with the read-side pipeline running.</summary>
public sealed record ActorThroughput(
    int Contacts, int Outstanding, ThroughputResult Run, double PipelineEventsPerSecond, long BacklogAtEnd, TimeSpan CatchUp,
    LatencySummary PipelineLag, CpuUse Cpu, CpuUse CpuWithCatchUp)
{
    /// <summary>Messages acknowledged in the window divided by the time until the read models also held all of them.</summary>
    public double SustainedWithProjections => Run.Ok / (Run.Elapsed + CatchUp).TotalSeconds;
}

/// <summary>Phase 2: flat out through the real Host over HTTP.</summary>
public sealed record HttpThroughput(int Contacts, int Concurrency, ThroughputResult Run, CpuUse Cpu, string Route);

/// <summary>Phase 3: a fixed (open-loop) rate through the actors.</summary>
public sealed record FixedRateResult(
    double TargetRate, double AchievedRate, long Sent, long Failed,
    LatencySummary AckFromSchedule, LatencySummary AckFromSend, LatencySummary PipelineLag,
    LatencySummary AckToVisible, LatencySummary SendToVisible, long VisibilityTimeouts, CpuUse Cpu)
{
    /// <summary>Events the pipeline appended during the phase, and how many of them the journal query brought first (not their actor).</summary>
    public long EventsCopied { get; init; }

    public long EventsFromJournal { get; init; }

    public string FromActorsShare => EventsCopied == 0
        ? "no events copied"
        : $"{100.0 * (EventsCopied - EventsFromJournal) / EventsCopied:0.0} % of {EventsCopied:N0} events applied from their actors' publications, {EventsFromJournal:N0} from the journal query";
}

/// <summary>Phase 4: one recovery measurement per seeded conversation.</summary>
public sealed record RecoveryCase(string Kind, int Events, long SnapshotAt, double FirstReplyMs, double LiveReplyMs);

public sealed record RecoveryResult(int Events, IReadOnlyList<RecoveryCase> Cases, TimeSpan SeedTime)
{
    public IEnumerable<RecoveryCase> Of(string kind) => Cases.Where(c => c.Kind == kind);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Phase 5: one child process per state.</summary>
public sealed record MemorySample(
    string State, int Conversations, long LiveEntities, double WorkingSetMb, double BaselineWorkingSetMb, double ManagedHeapMb,
    double BaselineManagedHeapMb, string Gc, double CreateSeconds, double WaitSeconds);

public sealed record MemoryResult(MemorySample? Live, MemorySample? Passivated);

/// <summary>Phase 6: a baseline on the same PostgreSQL.</summary>
public sealed record BaselineResult(string Description, ThroughputResult Run, CpuUse Cpu);

/// <summary>Failover: one of N nodes killed with SIGKILL under an open-loop stream that redelivers what got no 200.</summary>
public sealed record FailoverResult(
    int Nodes, double Rate, int Contacts, TimeSpan Before, TimeSpan After, long Acknowledged, long Lost, long Duplicated, long FailedRequests,
    int ConversationsInterrupted, TimeSpan LongestUnavailable, TimeSpan AllAnsweringAfterKill, TimeSpan ClientTimeout);

public sealed class BenchResults
{
    public required BenchSettings Settings { get; init; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;
    public TimeSpan TotalTime { get; set; }
    public Dictionary<string, string> PostgresSettings { get; set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public List<string> Observations { get; } = [];
    public string LoadAverageAtStart { get; } = LoadAverage();
    public string LoadAverageAtEnd { get; set; } = "";

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine skews every figure.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>The most CPU other processes took during any measured phase, in cores.</summary>
    public double MaxOtherCpu => new[] { Actors?.Cpu, Http?.Cpu, Rate?.Cpu, Ceiling?.Cpu, Naive?.Cpu }.OfType<CpuUse>().Select(c => c.Others).DefaultIfEmpty(0).Max();

    public ActorThroughput? Actors { get; set; }
    public HttpThroughput? Http { get; set; }
    public FixedRateResult? Rate { get; set; }
    public RecoveryResult? Recovery { get; set; }
    public MemoryResult? Memory { get; set; }
    public BaselineResult? Ceiling { get; set; }
    public BaselineResult? Naive { get; set; }
    public FailoverResult? Failover { get; set; }
}
