namespace InteractionEngine.Actors.Agents;

/// <summary>Tuning of the agent actors (bound from the "Agents" config section).</summary>
public sealed class AgentsOptions
{
    /// <summary>An agent that received nothing for this long is stopped; its next command recovers it.</summary>
    public TimeSpan PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(10);

    public int SnapshotEvery { get; set; } = 200;

    /// <summary>How long an API caller waits for an agent to acknowledge a command.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
