using InteractionEngine.Domain.Agents;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// One agent's state as its events left it (id = the agent's stream key "tenant:~agent.{id}"): state, reason, since when,
/// and the capacity overrides. Open interactions and free slots are joined at read time from the contact summaries
/// (<see cref="AgentQueries"/>), so they always agree with the contact list and the workload.
/// </summary>
public sealed record AgentStatus
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required string AgentId { get; init; }
    public required AgentPresence State { get; init; }
    public string? Reason { get; init; }
    public string? ReasonLabel { get; init; }

    /// <summary>When the current state began (the event's time); null until the agent first changed state.</summary>
    public DateTimeOffset? Since { get; init; }

    public string? ChangedBy { get; init; }

    /// <summary>The agent's own capacity per media type; null: the tenant's default.</summary>
    public int? ChatCapacity { get; init; }

    public int? OpenMediaCapacity { get; init; }
}
