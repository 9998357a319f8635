using System.Globalization;

namespace InteractionEngine.LoadGen;

public enum BenchMode
{
    /// <summary>Tiny counts: exercises every phase in well under a minute (the CI smoke test).</summary>
    Smoke,
    /// <summary>Small counts: a check that finishes within two minutes.</summary>
    Quick,
    /// <summary>The sizes the targets are stated for.</summary>
    Full,
}

/// <summary>What to run and how big. Every size has a per-mode default and can be overridden on the command line.</summary>
public sealed record BenchSettings
{
    public BenchMode Mode { get; init; } = BenchMode.Full;
    public string? Connection { get; init; }
    public string? OutputPath { get; init; }
    public string? HostDll { get; init; }
    public IReadOnlySet<string> Phases { get; init; } = AllPhases;
    public IReadOnlyList<string> ExtraHocon { get; init; } = [];

    public int Contacts { get; init; }
    public int Outstanding { get; init; }
    public TimeSpan Duration { get; init; }
    public TimeSpan Warmup { get; init; }
    public int HttpConcurrency { get; init; }
    public int RecoveryEvents { get; init; }
    public int RecoveryRepeats { get; init; }
    public int MemoryConversations { get; init; }
    public TimeSpan ShortPassivation { get; init; }
    public int CeilingWriters { get; init; }
    public int NaiveConcurrency { get; init; }
    public double? FixedRate { get; init; }
    public bool Verbose { get; init; }
    /// <summary>Experiment: all (as the Host), events (Marten events only, no projections), none (no read side).</summary>
    public string ReadModels { get; init; } = "all";
    public int? PipelineBatch { get; init; }
    /// <summary>Run the read-side pipeline in the memory children too (off by default: it only adds a bounded, per-node cost and the time to drain 2 events per conversation).</summary>
    public bool MemoryReadSide { get; init; }
    /// <summary>Which memory children run: live, passivated or both (the default).</summary>
    public IReadOnlyList<string> MemoryStates { get; init; } = ["live", "passivated"];

    /// <summary>Failover phase: Host processes in the cluster, open-loop inbound rate over its contacts, seconds before and after the kill.</summary>
    public int FailoverNodes { get; init; } = 3;
    public double FailoverRate { get; init; }
    public int FailoverContacts { get; init; }
    public TimeSpan FailoverBefore { get; init; }
    public TimeSpan FailoverAfter { get; init; }
    /// <summary>How long the failover phase's channel waits for a 200 before it redelivers.</summary>
    public TimeSpan FailoverClientTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Which node is killed: 0, the oldest (shard coordinator and singletons move too), by default.</summary>
    public int FailoverVictim { get; init; }
    /// <summary>A folder for the nodes' whole output at Information level (Akka's failover timeline); none by default.</summary>
    public string? FailoverLogs { get; init; }

    public static readonly IReadOnlySet<string> AllPhases =
        new HashSet<string>(["actors", "http", "rate", "recovery", "memory", "ceiling", "naive", "failover"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Three Host processes take well over a minute to start on two busy cores: --smoke runs failover only with --only.</summary>
    private static readonly IReadOnlySet<string> SmokePhases = AllPhases.Where(p => p != "failover").ToHashSet(StringComparer.OrdinalIgnoreCase);

    public string ModeName => Mode.ToString().ToLowerInvariant();

    public static BenchSettings ForMode(BenchMode mode) => mode switch
    {
        BenchMode.Smoke => new BenchSettings
        {
            Mode = mode, Contacts = 200, Outstanding = 100, Duration = TimeSpan.FromSeconds(3), Warmup = TimeSpan.FromSeconds(1),
            HttpConcurrency = 32, RecoveryEvents = 400, RecoveryRepeats = 1, MemoryConversations = 500,
            ShortPassivation = TimeSpan.FromSeconds(2), CeilingWriters = 4, NaiveConcurrency = 16,
            Phases = SmokePhases, FailoverRate = 20, FailoverContacts = 20, FailoverBefore = TimeSpan.FromSeconds(3), FailoverAfter = TimeSpan.FromSeconds(15),
        },
        BenchMode.Quick => new BenchSettings
        {
            // About two minutes on an idle 2-core machine: starting conversations (~150-700/s, see docs/benchmarks.md) and the
            // read side's catch-up after the flat-out window bound it, hence the small counts.
            Mode = mode, Contacts = 600, Outstanding = 300, Duration = TimeSpan.FromSeconds(6), Warmup = TimeSpan.FromSeconds(1),
            HttpConcurrency = 96, RecoveryEvents = 2_000, RecoveryRepeats = 1, MemoryConversations = 3_000,
            ShortPassivation = TimeSpan.FromSeconds(3), CeilingWriters = 8, NaiveConcurrency = 64,
            FailoverRate = 60, FailoverContacts = 60, FailoverBefore = TimeSpan.FromSeconds(5), FailoverAfter = TimeSpan.FromSeconds(20),
        },
        _ => new BenchSettings
        {
            Mode = mode, Contacts = 4_000, Outstanding = 1_000, Duration = TimeSpan.FromSeconds(30), Warmup = TimeSpan.FromSeconds(5),
            HttpConcurrency = 256, RecoveryEvents = 10_000, RecoveryRepeats = 3, MemoryConversations = 100_000,
            ShortPassivation = TimeSpan.FromSeconds(10), CeilingWriters = 8, NaiveConcurrency = 64,
            FailoverRate = 150, FailoverContacts = 300, FailoverBefore = TimeSpan.FromSeconds(10), FailoverAfter = TimeSpan.FromSeconds(30),
        },
    };

    public static BenchSettings Parse(string[] args)
    {
        var mode = args.Contains("--smoke") ? BenchMode.Smoke : args.Contains("--quick") ? BenchMode.Quick : BenchMode.Full;
        var s = ForMode(mode);
        var hocon = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            s = args[i] switch
            {
                "--smoke" or "--quick" or "--full" => s,
                "--connection" => s with { Connection = Next() },
                "--out" => s with { OutputPath = Next() },
                "--host-dll" => s with { HostDll = Next() },
                "--only" => s with { Phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase) },
                "--hocon" => Add(s, hocon, Next()),
                "--contacts" => s with { Contacts = Int() },
                "--outstanding" => s with { Outstanding = Int() },
                "--duration" => s with { Duration = Seconds() },
                "--warmup" => s with { Warmup = Seconds() },
                "--http-concurrency" => s with { HttpConcurrency = Int() },
                "--recovery-events" => s with { RecoveryEvents = Int() },
                "--recovery-repeats" => s with { RecoveryRepeats = Int() },
                "--memory-conversations" => s with { MemoryConversations = Int() },
                "--ceiling-writers" => s with { CeilingWriters = Int() },
                "--naive-concurrency" => s with { NaiveConcurrency = Int() },
                "--read-models" => s with { ReadModels = Next() is var m && m is "all" or "events" or "none" ? m : throw new ArgumentException("--read-models is all, events or none") },
                "--pipeline-batch" => s with { PipelineBatch = Int() },
                "--memory-read-side" => s with { MemoryReadSide = true },
                "--memory-states" => s with { MemoryStates = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is var states
                    && states.Length > 0 && states.All(x => x is "live" or "passivated") ? states : throw new ArgumentException("--memory-states is live, passivated or live,passivated") },
                "--verbose" => s with { Verbose = true },
                "--passivate" => s with { ShortPassivation = Seconds() },
                "--rate" => s with { FixedRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--failover-nodes" => s with { FailoverNodes = Int() is var n && n >= 2 ? n : throw new ArgumentException("--failover-nodes is at least 2") },
                "--failover-rate" => s with { FailoverRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--failover-contacts" => s with { FailoverContacts = Int() },
                "--failover-before" => s with { FailoverBefore = Seconds() },
                "--failover-after" => s with { FailoverAfter = Seconds() },
                "--failover-client-timeout" => s with { FailoverClientTimeout = Seconds() },
                "--failover-victim" => s with { FailoverVictim = Int() },
                "--failover-logs" => s with { FailoverLogs = Path.GetFullPath(Next()) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. See bench/README.md or docs/benchmarks.md."),
            };
        }
        var unknown = s.Phases.Where(p => !AllPhases.Contains(p)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Unknown phase(s) {string.Join(", ", unknown)}; known: {string.Join(", ", AllPhases)}");
        if (s.Outstanding > s.Contacts) s = s with { Outstanding = s.Contacts };
        if (s.FailoverVictim < 0 || s.FailoverVictim >= s.FailoverNodes) throw new ArgumentException($"--failover-victim is 0 to {s.FailoverNodes - 1}");
        return s with { ExtraHocon = hocon };
    }

    private static BenchSettings Add(BenchSettings s, List<string> hocon, string value)
    {
        hocon.Add(value);
        return s;
    }

    public bool Runs(string phase) => Phases.Contains(phase);
}
