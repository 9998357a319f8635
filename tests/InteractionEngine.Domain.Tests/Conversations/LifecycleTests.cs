using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

public class LifecycleTests
{
    [Fact]
    public void First_contact_message_opens_a_queued_inbound_interaction()
    {
        var decision = When(new ConversationState.None(), Inbound("wamid.1"));

        Assert.Collection(decision.Events,
            e => Assert.Equal(new InteractionOpened(Id, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, At(0)), e),
            e => Assert.Equal(1, Assert.IsType<MessageReceived>(e).MessageNumber));
        Assert.Equal(InteractionStatus.Queued, Started(Apply(new ConversationState.None(), decision)).Current.Status);
    }

    [Fact]
    public void Routing_records_agent_and_reason_and_activates_the_session()
    {
        var state = Given(Inbound("wamid.1"));
        var decision = When(state, Route("agent-7"));

        Assert.Equal(new InteractionRouted(Id, 1, "agent-7", "skill:billing", null, At(0)), Assert.Single(decision.Events));
        Assert.Equal(InteractionStatus.Active, Started(Apply(state, decision)).Current.Status);
    }

    [Fact]
    public void Routing_a_new_conversation_opens_an_outbound_interaction()
    {
        var decision = When(new ConversationState.None(), Route());
        Assert.Equal(InteractionOrigin.Outbound, Assert.IsType<InteractionOpened>(decision.Events[0]).Origin);
        Assert.IsType<InteractionRouted>(decision.Events[1]);
    }

    [Fact]
    public void Rerouting_to_another_agent_is_a_transfer_naming_the_previous_agent()
    {
        var decision = When(Given(Inbound("w1"), Route("agent-1")), Route("agent-2"));
        Assert.Equal("agent-1", Assert.IsType<InteractionRouted>(Assert.Single(decision.Events)).PreviousAgentId);
    }

    [Fact]
    public void Rerouting_to_the_same_agent_changes_nothing()
    {
        var decision = When(Given(Inbound("w1"), Route("agent-1")), Route("agent-1"));
        Assert.Equal(ReplyCode.Unchanged, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Messages_flow_both_ways_with_increasing_numbers_and_emoji_kept_exactly()
    {
        const string text = "Merci 🙏🏽 — ça marche 👍 日本語";
        var state = Given(Inbound("w1"), Route(), Send("c1"));
        var decision = When(state, Inbound("w2", text: text));
        var received = Assert.IsType<MessageReceived>(Assert.Single(decision.Events));
        Assert.Equal(3, received.MessageNumber);
        Assert.Equal(text, received.Text);
    }

    [Theory]
    [InlineData(Party.Contact)]
    [InlineData(Party.Agent)]
    public void Either_side_ends_the_session(Party by)
    {
        var state = Given(Inbound("w1"), Route());
        var decision = When(state, by == Party.Agent ? EndByAgent() : EndByContact());
        Assert.Equal(by, Assert.IsType<SessionEnded>(Assert.Single(decision.Events)).By);
        Assert.Equal(InteractionStatus.Ended, Started(Apply(state, decision)).Current.Status);
    }

    [Fact]
    public void Done_after_the_session_ended_closes_the_interaction()
    {
        var state = Given(Inbound("w1"), Route(), EndByContact());
        var decision = When(state, Done());
        Assert.IsType<MarkedDone>(Assert.Single(decision.Events));
        Assert.Equal(InteractionStatus.Done, Started(Apply(state, decision)).Current.Status);
    }

    [Fact]
    public void Done_on_a_live_session_ends_it_first()
    {
        var decision = When(Given(Inbound("w1"), Route()), Done());
        Assert.Collection(decision.Events,
            e => Assert.Equal(Party.Agent, Assert.IsType<SessionEnded>(e).By),
            e => Assert.IsType<MarkedDone>(e));
    }

    [Fact]
    public void Agent_reactivates_before_done_and_the_same_interaction_continues()
    {
        var decision = When(Given(Inbound("w1"), Route(), EndByContact()), Reactivate());
        var reactivated = Assert.IsType<Reactivated>(Assert.Single(decision.Events));
        Assert.False(reactivated.NewInteraction);
        Assert.Equal(1, reactivated.Interaction);
    }

    [Fact]
    public void Agent_typing_into_an_ended_session_reactivates_it()
    {
        var decision = When(Given(Inbound("w1"), Route(), EndByContact()), Send("c1"));
        Assert.Collection(decision.Events, e => Assert.IsType<Reactivated>(e), e => Assert.IsType<MessageSent>(e));
    }

    [Fact]
    public void Agent_reactivates_after_done_and_a_new_interaction_starts_routed_to_that_agent()
    {
        var state = Given(Inbound("w1"), Route(), EndByContact(), Done());
        var decision = When(state, Reactivate("agent-9", minute: 120));
        var reactivated = Assert.IsType<Reactivated>(Assert.Single(decision.Events));
        Assert.True(reactivated.NewInteraction);
        Assert.Equal((2, 1), (reactivated.Interaction, reactivated.PreviousInteraction));
        var current = Started(Apply(state, decision)).Current;
        Assert.Equal((2, InteractionStatus.Active, "agent-9"), (current.Number, current.Status, current.AgentId));
    }

    [Fact]
    public void Contact_writing_into_an_ended_session_continues_the_same_interaction()
    {
        var decision = When(Given(Inbound("w1"), Route(), EndByAgent()), Inbound("w2", minute: 5));
        Assert.Collection(decision.Events,
            e => Assert.Equal(Party.Contact, Assert.IsType<Reactivated>(e).By),
            e => Assert.Equal(1, Assert.IsType<MessageReceived>(e).Interaction));
    }

    [Fact]
    public void Contact_writing_within_the_reopen_window_after_done_reopens_the_last_interaction()
    {
        var state = Given(Inbound("w1"), Route(), EndByContact(), Done(minute: 10));
        var decision = When(state, Inbound("w2", minute: 10 + 30));
        Assert.Collection(decision.Events,
            e => Assert.False(Assert.IsType<Reactivated>(e).NewInteraction),
            e => Assert.Equal(1, Assert.IsType<MessageReceived>(e).Interaction));
        Assert.Equal(("agent-1", InteractionStatus.Active), (Started(Apply(state, decision)).Current.AgentId, Started(Apply(state, decision)).Current.Status));
    }

    [Fact]
    public void Contact_writing_after_the_reopen_window_starts_a_new_queued_interaction()
    {
        var state = Given(Inbound("w1"), Route(), EndByContact(), Done(minute: 10));
        var decision = When(state, Inbound("w2", minute: 10 + 31));
        Assert.Collection(decision.Events,
            e => Assert.Equal(2, Assert.IsType<InteractionOpened>(e).Interaction),
            e => Assert.Equal(2, Assert.IsType<MessageReceived>(e).Interaction));
        Assert.Equal(InteractionStatus.Queued, Started(Apply(state, decision)).Current.Status);
    }

    [Fact]
    public void Reopen_window_is_the_tenants_policy()
    {
        var state = Given(Inbound("w1"), Route(), EndByContact(), Done(minute: 10));
        var noReopen = TenantPolicy.Default with { ReopenWindow = TimeSpan.Zero };
        Assert.IsType<InteractionOpened>(When(state, Inbound("w2", minute: 11), noReopen).Events[0]);
    }

    [Fact]
    public void Routing_after_done_opens_a_new_outbound_interaction()
    {
        var decision = When(Given(Inbound("w1"), Route(), Done()), Route("agent-2"));
        Assert.Equal(2, Assert.IsType<InteractionOpened>(decision.Events[0]).Interaction);
        Assert.Equal(2, Assert.IsType<InteractionRouted>(decision.Events[1]).Interaction);
    }

    [Fact]
    public void Replay_of_the_events_gives_the_state_that_decisions_built()
    {
        var commands = new IConversationCommand[] { Inbound("w1"), Route(), Send("c1"), EndByContact(), Done(), Reactivate(minute: 60) };
        var events = new List<IConversationEvent>();
        ConversationState state = new ConversationState.None();
        foreach (var c in commands)
        {
            var d = When(state, c);
            events.AddRange(d.Events);
            state = Apply(state, d);
        }
        Assert.Equal(Started(state).Current, Started(Conversation.Replay(events)).Current);
    }
}
