using System.Text.Json;
using InteractionEngine.Projections.Realtime;

namespace InteractionEngine.Projections.Tests.Realtime;

/// <summary>Which committed changes the agent desk's subscription kinds push, and that agent streams stay out of the contact list.</summary>
public class AgentSubscriptionTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    private static RealtimeChange Change(string stream, string type) => new(1, stream, 1, type, Empty);

    private static bool Matches(SubscriptionKind kind, RealtimeChange change) => new Subscription(kind, "acme", null).Matches(change);

    [Fact]
    public void Agents_gets_agent_state_changes_and_interactions_moving_between_agents()
    {
        Assert.True(Matches(SubscriptionKind.Agents, Change("acme:~agent.agent-1", "AgentStateChanged/1")));
        Assert.True(Matches(SubscriptionKind.Agents, Change("acme:~agent.agent-1", "AgentCapacitySet/1")));
        Assert.True(Matches(SubscriptionKind.Agents, Change("acme:ana", "InteractionRouted/1")));
        Assert.True(Matches(SubscriptionKind.Agents, Change("acme:ana", "MarkedDone/1")));
        Assert.False(Matches(SubscriptionKind.Agents, Change("acme:ana", "MessageReceived/1")));
        Assert.False(Matches(SubscriptionKind.Agents, Change("globex:~agent.agent-1", "AgentStateChanged/1")));
    }

    [Fact]
    public void Queue_gets_what_puts_interactions_in_or_takes_them_out()
    {
        Assert.True(Matches(SubscriptionKind.Queue, Change("acme:bruno", "InteractionOpened/1")));
        Assert.True(Matches(SubscriptionKind.Queue, Change("acme:bruno", "InteractionRouted/1")));
        Assert.False(Matches(SubscriptionKind.Queue, Change("acme:~agent.agent-1", "AgentStateChanged/1")));
        Assert.False(Matches(SubscriptionKind.Queue, Change("globex:bruno", "InteractionOpened/1")));
    }

    [Fact]
    public void The_contact_list_never_gets_an_agents_stream()
    {
        Assert.False(Matches(SubscriptionKind.ContactList, Change("acme:~agent.agent-1", "AgentStateChanged/1")));
        Assert.True(Matches(SubscriptionKind.ContactList, Change("acme:ana", "MessageReceived/1")));
    }
}
