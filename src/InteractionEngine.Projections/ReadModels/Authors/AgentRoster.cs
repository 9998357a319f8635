using Microsoft.Extensions.Configuration;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Agents' display names per tenant, from "Tenants:{tenant}:Agents:{agentId}:DisplayName". Read when answering a query,
/// never stored in events or documents, so a rename shows on every line at once (docs/decisions/0009).
/// </summary>
public sealed class AgentRoster
{
    private readonly Dictionary<(string Tenant, string AgentId), string> _names;

    public AgentRoster(IEnumerable<(string Tenant, string AgentId, string DisplayName)> agents) =>
        _names = agents.Where(a => !string.IsNullOrWhiteSpace(a.DisplayName))
            .ToDictionary(a => (a.Tenant, a.AgentId), a => a.DisplayName.Trim());

    /// <summary>No names configured: agents are shown by their ids.</summary>
    public static readonly AgentRoster Empty = new([]);

    /// <summary>The agent's configured name, or null when the tenant's roster has none.</summary>
    public string? NameOf(string tenant, string agentId) => _names.GetValueOrDefault((tenant, agentId));

    public static AgentRoster FromConfiguration(IConfiguration configuration) => new(
        from tenant in configuration.GetSection("Tenants").GetChildren()
        from agent in tenant.GetSection("Agents").GetChildren()
        where agent["DisplayName"] is { Length: > 0 }
        select (tenant.Key, agent.Key, agent["DisplayName"]!));
}
