namespace InteractionEngine.Host.Agents;

/// <summary>PUT .../state: <c>state</c> is Ready, NotReady or Offline; <c>reason</c> a code from the tenant's Not Ready reasons (Not Ready only).</summary>
public sealed record AgentStateRequest(string? State, string? Reason);

/// <summary>PUT .../capacity: interactions at once per media type; null or absent: the tenant's default.</summary>
public sealed record AgentCapacityRequest(int? Chat, int? OpenMedia);

/// <summary>The tenant's Not Ready reasons (what <c>reason</c> accepts) and default capacity per media type.</summary>
public sealed record AgentDeskSettings(IReadOnlyList<Domain.Agents.NotReadyReason> NotReadyReasons, int ChatCapacity, int OpenMediaCapacity,
    bool EndedCountsUntilDone);
