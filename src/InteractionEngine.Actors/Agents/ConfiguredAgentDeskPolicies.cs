using InteractionEngine.Domain.Agents;
using Microsoft.Extensions.Configuration;

namespace InteractionEngine.Actors.Agents;

/// <summary>
/// Agent desk settings from Tenants:{id}:AgentDesk: NotReadyReasons (a list of { Code, Label }), Capacity:Chat and
/// Capacity:OpenMedia (the default per agent), EndedCountsUntilDone (true/false). Kept out of Tenants:{id}:Agents, which
/// is the roster keyed by agent id. Bad values stop the start-up with the key named.
/// </summary>
public sealed class ConfiguredAgentDeskPolicies(IConfiguration configuration) : IAgentDeskPolicies
{
    private readonly Dictionary<string, AgentDeskPolicy> _policies = configuration.GetSection("Tenants").GetChildren()
        .Where(t => t.GetSection("AgentDesk").Exists())
        .ToDictionary(t => t.Key, t => Load(t.GetSection("AgentDesk")));

    public AgentDeskPolicy For(string tenant) => _policies.GetValueOrDefault(tenant, AgentDeskPolicy.Default);

    private static AgentDeskPolicy Load(IConfigurationSection desk)
    {
        var reasons = desk.GetSection("NotReadyReasons").GetChildren().Select(r => new NotReadyReason(
            r["Code"] is { Length: > 0 } code ? code : throw new InvalidOperationException($"{r.Path}:Code is required"),
            r["Label"] is { Length: > 0 } label ? label : code)).ToList();
        if (reasons.GroupBy(r => r.Code).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"{desk.Path}:NotReadyReasons lists '{twice.Key}' twice");
        return new AgentDeskPolicy(reasons,
            Capacity(desk, "Chat") ?? AgentDeskPolicy.Default.ChatCapacity,
            Capacity(desk, "OpenMedia") ?? AgentDeskPolicy.Default.OpenMediaCapacity,
            desk["EndedCountsUntilDone"] switch
            {
                null or "" => AgentDeskPolicy.Default.EndedCountsUntilDone,
                var text when bool.TryParse(text, out var value) => value,
                var text => throw new InvalidOperationException($"{desk.Path}:EndedCountsUntilDone = '{text}' is not true or false"),
            });
    }

    private static int? Capacity(IConfigurationSection desk, string media) => desk[$"Capacity:{media}"] switch
    {
        null or "" => null,
        var text when int.TryParse(text, out var value) && value is >= 0 and <= AgentDeskPolicy.MaxCapacity => value,
        var text => throw new InvalidOperationException($"{desk.Path}:Capacity:{media} = '{text}' is not 0 to {AgentDeskPolicy.MaxCapacity}"),
    };
}
