namespace InteractionEngine.Host.Security;

/// <summary>What a credential may do. Every credential belongs to exactly one tenant.</summary>
public static class Roles
{
    /// <summary>The routing layer and channel adapters: deliver inbound messages, route interactions.</summary>
    public const string Routing = "routing";
    /// <summary>An agent desktop: act on conversations as its own agent, read transcripts and contact lists.</summary>
    public const string Agent = "agent";
    /// <summary>Analysts: read history (point-in-time transcripts, event streams, KPIs), change nothing.</summary>
    public const string Analyst = "analyst";
    /// <summary>Supervisors and operators: everything in the tenant, including acting for any agent.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Routing, Agent, Analyst, Admin];
}

public static class Policies
{
    public const string Route = "route";      // routing, admin
    public const string Act = "act";          // agent, routing, admin (commands on conversations)
    public const string Read = "read";        // agent, analyst, admin, routing
    public const string Analyze = "analyze";  // analyst, admin
    public const string Note = "note";        // agent, admin (private notes: people at the desk, not the routing layer)
}

public static class EngineClaims
{
    public const string Tenant = "ie:tenant";
    public const string Role = "ie:role";
    public const string Agent = "ie:agent";
    public const string KeyId = "ie:key";
}
