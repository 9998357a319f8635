namespace InteractionEngine.Domain.Agents;

/// <summary>One Not Ready reason a tenant offers (e.g. "break" / "Break"). Codes compare exactly: they are report keys.</summary>
public sealed record NotReadyReason(string Code, string Label);

/// <summary>
/// A tenant's agent desk settings (config Tenants:{t}:AgentDesk): the Not Ready reasons, the default capacity per media
/// type, and whether an ended interaction counts against the agent's slots until Done (the seed: it does).
/// </summary>
public sealed record AgentDeskPolicy(IReadOnlyList<NotReadyReason> NotReadyReasons, int ChatCapacity, int OpenMediaCapacity, bool EndedCountsUntilDone)
{
    /// <summary>The most interactions of one media type an agent may be given at once.</summary>
    public const int MaxCapacity = 50;

    public static readonly AgentDeskPolicy Default = new([], 3, 1, true);

    public NotReadyReason? Find(string code) => NotReadyReasons.FirstOrDefault(r => r.Code == code);
}

/// <summary>Looks up a tenant's agent desk settings; unknown tenants get the default.</summary>
public interface IAgentDeskPolicies
{
    AgentDeskPolicy For(string tenant);
}

public sealed class FixedAgentDeskPolicies(AgentDeskPolicy policy) : IAgentDeskPolicies
{
    public static readonly FixedAgentDeskPolicies Default = new(AgentDeskPolicy.Default);
    public AgentDeskPolicy For(string tenant) => policy;
}
