using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Domain.Tests.Agents;

/// <summary>docs/lifecycle.md, "Agent state": the agent's rules, Given/When/Then on Decide and Evolve.</summary>
public class AgentStateTests
{
    private static readonly AgentKey Ana = new("acme", "agent-1");
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly AgentDeskPolicy Policy = new([new NotReadyReason("break", "Break"), new NotReadyReason("lunch", "Lunch")], 3, 1, true);

    private static Decision When(AgentState state, IAgentCommand command, AgentDeskPolicy? policy = null) =>
        Agent.Decide(state, command, policy ?? Policy);

    private static AgentState Given(params IAgentCommand[] commands) => commands.Aggregate(AgentState.Initial, (state, c) =>
        When(state, c).Events.Cast<IAgentEvent>().Aggregate(state, Agent.Evolve));

    private static SetAgentState Set(AgentPresence state, string? reason = null, string by = "key-1") => new(Ana, state, reason, by, T0);

    [Fact]
    public void An_agent_starts_Offline_and_going_Ready_records_who_when_and_the_previous_state()
    {
        var decision = When(AgentState.Initial, Set(AgentPresence.Ready));

        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.Equal(new AgentStateChanged(Ana, AgentPresence.Ready, null, null, AgentPresence.Offline, "key-1", T0), Assert.Single(decision.Events));
    }

    [Fact]
    public void Not_Ready_carries_the_reason_code_and_its_label_as_configured_then()
    {
        var decision = When(Given(Set(AgentPresence.Ready)), Set(AgentPresence.NotReady, "lunch"));

        var changed = Assert.IsType<AgentStateChanged>(Assert.Single(decision.Events));
        Assert.Equal((AgentPresence.NotReady, "lunch", "Lunch", AgentPresence.Ready), (changed.State, changed.Reason, changed.ReasonLabel, changed.PreviousState));
    }

    [Theory]
    [InlineData(null, "needs a reason")]
    [InlineData("nap", "not one of this tenant's Not Ready reasons: break, lunch")]
    [InlineData("Break", "not one of")] // codes compare exactly
    public void Not_Ready_without_a_reason_from_the_list_is_invalid_and_changes_nothing(string? reason, string detail)
    {
        var decision = When(Given(Set(AgentPresence.Ready)), Set(AgentPresence.NotReady, reason));

        Assert.Empty(decision.Events);
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Contains(detail, decision.Reply.Reason);
    }

    [Fact]
    public void A_tenant_without_reasons_allows_Not_Ready_without_one_and_refuses_any_code()
    {
        var none = AgentDeskPolicy.Default;
        Assert.Single(When(AgentState.Initial, Set(AgentPresence.NotReady), none).Events);
        Assert.Equal(ReplyCode.Invalid, When(AgentState.Initial, Set(AgentPresence.NotReady, "break"), none).Reply.Code);
    }

    [Theory]
    [InlineData(AgentPresence.Ready)]
    [InlineData(AgentPresence.Offline)]
    public void Only_Not_Ready_takes_a_reason(AgentPresence state)
    {
        var decision = When(AgentState.Initial, Set(state, "break"));

        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void The_same_state_and_reason_again_is_unchanged_but_another_reason_is_a_change()
    {
        var onBreak = Given(Set(AgentPresence.NotReady, "break"));

        Assert.Equal(ReplyCode.Unchanged, When(onBreak, Set(AgentPresence.NotReady, "break")).Reply.Code);
        Assert.Empty(When(onBreak, Set(AgentPresence.NotReady, "break")).Events);
        Assert.Equal("lunch", Assert.IsType<AgentStateChanged>(Assert.Single(When(onBreak, Set(AgentPresence.NotReady, "lunch")).Events)).Reason);
        Assert.Equal(ReplyCode.Unchanged, When(AgentState.Initial, Set(AgentPresence.Offline)).Reply.Code);
    }

    [Fact]
    public void An_undefined_state_is_invalid()
    {
        Assert.Equal(ReplyCode.Invalid, When(AgentState.Initial, Set((AgentPresence)42)).Reply.Code);
    }

    [Fact]
    public void Capacity_overrides_are_events_and_null_returns_to_the_tenant_default()
    {
        var set = When(AgentState.Initial, new SetAgentCapacity(Ana, 2, 0, "admin", T0));
        Assert.Equal(new AgentCapacitySet(Ana, 2, 0, "admin", T0), Assert.Single(set.Events));

        var state = Given(new SetAgentCapacity(Ana, 2, 0, "admin", T0));
        Assert.Equal((2, 0), (state.ChatCapacity, state.OpenMediaCapacity));
        Assert.Equal(ReplyCode.Unchanged, When(state, new SetAgentCapacity(Ana, 2, 0, "admin", T0)).Reply.Code);
        Assert.Equal(AgentState.Initial, Given(new SetAgentCapacity(Ana, 2, 0, "admin", T0), new SetAgentCapacity(Ana, null, null, "admin", T0)));
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(null, 51)]
    public void Capacity_outside_0_to_50_is_invalid(int? chat, int? openMedia)
    {
        var decision = When(AgentState.Initial, new SetAgentCapacity(Ana, chat, openMedia, "admin", T0));

        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Agent_events_live_on_the_agents_own_read_side_stream_never_a_contacts()
    {
        IConversationEvent e = new AgentStateChanged(Ana, AgentPresence.Ready, null, null, AgentPresence.Offline, "key-1", T0);

        Assert.Equal("acme:~agent.agent-1", e.ConversationId.Value);
        Assert.False(ConversationId.IsValidPart(e.ConversationId.Contact)); // no contact id can name it
        Assert.Equal(Ana, AgentKey.FromStream(e.ConversationId.Value));
        Assert.Null(AgentKey.FromStream("acme:agent-1"));
    }
}
