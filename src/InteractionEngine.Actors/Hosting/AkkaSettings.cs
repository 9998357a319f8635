namespace InteractionEngine.Actors.Hosting;

/// <summary>The "Akka" config section: where this node listens and which nodes it joins.</summary>
public sealed class AkkaSettings
{
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (fine for one node); give a fixed port to nodes others join.</summary>
    public int Port { get; set; } = 4053;

    /// <summary>Addresses like akka.tcp://interaction-engine@10.0.0.5:4053. Empty: the node forms a cluster of its own.</summary>
    public string[] SeedNodes { get; set; } = [];

    public string[] Roles { get; set; } = [];
}
