using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// One media type's slots: <paramref name="Open"/> counts Active interactions, and Ended ones too while the tenant says
/// an ended interaction counts until Done; <paramref name="Free"/> is what the routing layer may still give (0 unless Ready).
/// </summary>
public sealed record MediaSlots(int Capacity, int Open, int Active, int Ended, int Free);

/// <summary>What routing and supervisors see of one agent; <paramref name="SecondsInState"/> is computed at read time.</summary>
public sealed record AgentView(string AgentId, AgentPresence State, string? Reason, string? ReasonLabel, DateTimeOffset? Since,
    double? SecondsInState, MediaSlots Chat, MediaSlots OpenMedia, int FreeSlots);

/// <summary>A tenant's agents at <paramref name="At"/> (the read time), by agent id.</summary>
public sealed record AgentList(DateTimeOffset At, IReadOnlyList<AgentView> Agents);

/// <summary>One waiting interaction; <paramref name="AgeSeconds"/> is how long it has waited at the read time.</summary>
public sealed record QueuedInteraction(string Contact, int Interaction, ChannelKind Channel, MediaType Media, DateTimeOffset Since, double AgeSeconds);

/// <summary>The tenant's queue at <paramref name="At"/>, oldest first (at most <see cref="AgentQueries.MaxQueueItems"/> items listed).</summary>
public sealed record QueueView(DateTimeOffset At, int Waiting, double? OldestAgeSeconds, IReadOnlyList<QueuedInteraction> Items);

/// <summary>
/// One agent's time over a period, in seconds: per state, Not Ready per reason, and handling (at least one open
/// interaction while Ready or Not Ready). <paramref name="Occupancy"/> = handling / (Ready + Not Ready), null when the agent
/// was never Ready or Not Ready in the period.
/// </summary>
public sealed record AgentStateKpis(string AgentId, double ReadySeconds, double NotReadySeconds, double OfflineSeconds,
    IReadOnlyDictionary<string, double> NotReadySecondsByReason, double HandlingSeconds, double? Occupancy);

/// <summary>Agent state KPIs of a tenant over [From, To) (To capped at the read time).</summary>
public sealed record AgentStateKpiReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AgentStateKpis> Agents);
