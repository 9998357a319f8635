namespace InteractionEngine.Actors.Hosting;

/// <summary>
/// The "Akka" config section: where this node listens, which nodes it joins, and how fast a dead node is replaced
/// (failure detector and split brain resolver; the reasoning behind the defaults is in docs/reliability.md).
/// </summary>
public sealed class AkkaSettings
{
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (fine for one node); give a fixed port to nodes others join.</summary>
    public int Port { get; set; } = 4053;

    /// <summary>Addresses like akka.tcp://interaction-engine@10.0.0.5:4053. Empty: the node forms a cluster of its own.</summary>
    public string[] SeedNodes { get; set; } = [];

    public string[] Roles { get; set; } = [];

    /// <summary>How often each node sends a heartbeat to the nodes that watch it.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Heartbeats may be missing this long before a node is unreachable: the margin for a garbage collection or a
    /// starved CPU. A crashed node is detected after about this plus one heartbeat interval.
    /// </summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The split brain resolver decides (keep the majority, down the rest) once membership and reachability have not
    /// changed for this long. Both sides of a partition wait it, so it must cover the time each side needs to see
    /// the other unreachable.
    /// </summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// After a downed node is removed, its shards and singletons start elsewhere only after this margin: the time
    /// the downed side needs to stop its own conversations when it is alive on the other side of a partition.
    /// 0 means Akka's default: the same as <see cref="StableAfter"/>.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Refuses values the cluster cannot run safely with, naming the setting (checked at start-up).</summary>
    public AkkaSettings Validate()
    {
        if (string.IsNullOrWhiteSpace(Hostname)) throw new ArgumentException("Akka:Hostname must not be empty");
        if (Port is < 0 or > 65535) throw new ArgumentException($"Akka:Port must be 0 to 65535 (was {Port})");
        foreach (var seed in SeedNodes)
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || !seed.StartsWith("akka.tcp://", StringComparison.Ordinal) || uri.Port <= 0)
                throw new ArgumentException($"Akka:SeedNodes entries look like akka.tcp://interaction-engine@host:port (was '{seed}')");
        Between(HeartbeatInterval, "HeartbeatInterval", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        Between(AcceptableHeartbeatPause, "AcceptableHeartbeatPause", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));
        Between(StableAfter, "StableAfter", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Between(DownRemovalMargin, "DownRemovalMargin", TimeSpan.Zero, TimeSpan.FromMinutes(5));
        if (AcceptableHeartbeatPause < 2 * HeartbeatInterval)
            throw new ArgumentException($"Akka:AcceptableHeartbeatPause ({AcceptableHeartbeatPause}) must be at least twice Akka:HeartbeatInterval ({HeartbeatInterval}): one late heartbeat must not make a node unreachable");
        // Both sides of a partition must have seen it before either decides, else each side may act on a different picture.
        if (StableAfter < AcceptableHeartbeatPause)
            throw new ArgumentException($"Akka:StableAfter ({StableAfter}) must be at least Akka:AcceptableHeartbeatPause ({AcceptableHeartbeatPause}) (see docs/reliability.md)");
        return this;
    }

    private static void Between(TimeSpan value, string name, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) throw new ArgumentException($"Akka:{name} must be {min} to {max} (was {value})");
    }
}
