using System.Security.Claims;

namespace InteractionEngine.Host.Security;

/// <summary>Who is calling: the tenant comes from the credential, never from the request.</summary>
public sealed record Caller(string Tenant, string Role, string? AgentId, string KeyId)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(EngineClaims.Tenant) ?? throw new InvalidOperationException("unauthenticated request reached an endpoint"),
        user.FindFirstValue(EngineClaims.Role)!,
        user.FindFirstValue(EngineClaims.Agent),
        user.FindFirstValue(EngineClaims.KeyId)!);

    /// <summary>Supervisors (the admin role: "supervisors and operators") may move any interaction's read horizon.</summary>
    public bool IsSupervisor => Role == Roles.Admin;

    /// <summary>
    /// The agent a command acts as: an agent key acts only as itself (another agent id is refused);
    /// routing and admin keys name the agent in the request.
    /// </summary>
    public bool TryActAs(string? requestedAgent, out string agent)
    {
        if (Role == Roles.Agent)
        {
            agent = AgentId!;
            return string.IsNullOrEmpty(requestedAgent) || requestedAgent == AgentId;
        }
        agent = requestedAgent ?? "";
        return true;
    }
}
