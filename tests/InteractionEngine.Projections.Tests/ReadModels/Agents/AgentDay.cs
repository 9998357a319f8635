using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.Tests.ReadModels.Agents;

/// <summary>The contact center day's agents (acme): alice Ready with her own chat capacity, bob on a lunch break after work.</summary>
internal static class AgentDay
{
    public static readonly AgentKey Alice = new("acme", "alice");
    public static readonly AgentKey Bob = new("acme", "bob");

    public static IReadOnlyList<IConversationEvent> Events(DateTimeOffset start) =>
    [
        new AgentStateChanged(Alice, AgentPresence.Ready, null, null, AgentPresence.Offline, "ie.acme-agent-1", start),
        new AgentStateChanged(Bob, AgentPresence.Ready, null, null, AgentPresence.Offline, "ie.acme-agent-2", start),
        new AgentCapacitySet(Alice, 2, null, "ie.acme-admin", start.AddMinutes(1)),
        new AgentStateChanged(Bob, AgentPresence.NotReady, "lunch", "Lunch", AgentPresence.Ready, "ie.acme-agent-2", start.AddHours(3)),
    ];
}
