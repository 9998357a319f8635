using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>The agent state table: the routing view reads one tenant's agents.</summary>
internal static class AgentStatusTable
{
    public static readonly ReadModelTable<AgentStatus> Definition = new(s => s.Id,
    [
        DocumentColumn<AgentStatus>.Text(nameof(AgentStatus.Tenant), s => s.Tenant),
    ], agents => agents.AddIndex("tenant"));
}
