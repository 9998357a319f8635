using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>"Create WhatsApp Interaction" / the Chat button: an agent starts an interaction with a directory contact.</summary>
public class AgentStartedInteractionTests
{
    private static StartInteraction Start(string agent = "agent-1", string clientId = "start-1", int minute = 0,
        ChannelKind channel = ChannelKind.WhatsApp, string? address = "+351912345678") =>
        new(Id, agent, channel, address, clientId, At(minute));

    [Fact]
    public void Given_a_contact_who_never_wrote_when_an_agent_starts_then_an_outbound_interaction_opens_routed_to_that_agent()
    {
        var decision = When(new ConversationState.None(), Start());

        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.Equal(1, decision.Reply.Interaction);
        Assert.Collection(decision.Events,
            e => Assert.Equal(new InteractionOpened(Id, 1, ChannelKind.WhatsApp, InteractionOrigin.Outbound, At(0), "agent-1", "+351912345678", "start-1"), e),
            e => Assert.Equal(new InteractionRouted(Id, 1, "agent-1", Conversation.StartedByAgentReason, null, At(0)), e));
        var state = Started(Apply(new ConversationState.None(), decision));
        Assert.Equal(InteractionStatus.Active, state.Current.Status);
        Assert.Equal("agent-1", state.Current.AgentId);
    }

    [Fact]
    public void Given_the_last_interaction_is_done_when_an_agent_starts_then_the_next_interaction_opens_for_that_agent()
    {
        var state = Given(Inbound("w1"), Route("agent-2"), Done("agent-2", 1));
        var decision = When(state, Start(minute: 2));

        var opened = Assert.IsType<InteractionOpened>(decision.Events[0]);
        Assert.Equal((2, "agent-1"), (opened.Interaction, opened.StartedBy));
        Assert.Equal("agent-1", Assert.IsType<InteractionRouted>(decision.Events[1]).AgentId);
        Assert.Equal(2, decision.Reply.Interaction);
    }

    [Fact]
    public void Given_an_interaction_routed_to_another_agent_when_an_agent_starts_then_conflict_and_no_event()
    {
        var decision = When(Given(Inbound("w1"), Route("agent-2")), Start());
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("another agent", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_queued_interaction_when_an_agent_starts_then_conflict()
    {
        var decision = When(Given(Inbound("w1")), Start());
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_an_ended_interaction_of_the_same_agent_when_the_agent_starts_then_conflict_saying_to_reactivate_or_mark_done()
    {
        var decision = When(Given(Inbound("w1"), Route(), EndByAgent()), Start());
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("reactivate", decision.Reply.Reason);
    }

    [Fact]
    public void Given_the_agent_already_has_the_interaction_live_on_that_channel_when_the_agent_starts_again_then_unchanged()
    {
        var decision = When(Given(Inbound("w1"), Route()), Start());
        Assert.Equal(ReplyCode.Unchanged, decision.Reply.Code);
        Assert.Equal(1, decision.Reply.Interaction);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_started_interaction_when_the_same_client_id_comes_again_then_duplicate_with_the_original_interaction()
    {
        var state = Given(Inbound("w1"), Route(), Done(minute: 1), Start(minute: 2), Done(minute: 3));
        var decision = When(state, Start(minute: 4));
        Assert.Equal(ReplyCode.Duplicate, decision.Reply.Code);
        Assert.Equal(2, decision.Reply.Interaction);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_start_client_id_does_not_make_a_message_with_the_same_id_a_duplicate()
    {
        var state = Given(Start(clientId: "same"), Inbound("w1")); // the contact wrote: free-form may go
        var decision = When(state, Send("same"));
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.IsType<MessageSent>(Assert.Single(decision.Events));
    }

    [Theory]
    [InlineData("", "start-1", "agent id is required")]
    [InlineData("agent-1", "", "client message id is required")]
    public void A_start_without_agent_or_client_id_is_invalid(string agent, string clientId, string reason)
    {
        var decision = When(new ConversationState.None(), Start(agent, clientId));
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Equal(reason, decision.Reply.Reason);
    }

    [Fact]
    public void Messages_of_an_interaction_started_on_a_chosen_address_go_to_that_address_also_in_the_next_interaction_on_the_same_channel()
    {
        // The contact answered on WhatsApp, so free-form messages may go (inside the 24-hour window).
        var state = Given(Start(address: "+351213456789"), Inbound("w0"));
        Assert.Equal("+351213456789", Assert.IsType<MessageSent>(Assert.Single(When(state, Send("c1")).Events)).Address);

        var done = Given(Start(address: "+351213456789"), Inbound("w0"), Done(minute: 1));
        var next = When(done, Send("c2", minute: 2), TenantPolicy.Default with { WriteAfterDone = true });
        Assert.Equal("+351213456789", Assert.IsType<MessageSent>(next.Events[1]).Address);

        var contactStarted = Given(Inbound("w1"), Route());
        Assert.Null(Assert.IsType<MessageSent>(Assert.Single(When(contactStarted, Send("c1")).Events)).Address);
    }

    [Fact]
    public void Replaying_an_agent_started_interaction_gives_the_same_state()
    {
        var events = Conversation.Decide(new ConversationState.None(), Start(), Policy).Events;
        var state = Started(Conversation.Replay(events));
        Assert.Equal(new Interaction(1, ChannelKind.WhatsApp, InteractionStatus.Active, "agent-1", null, "+351912345678"), state.Current);
        Assert.True(state.ProcessedKeys.TryGet("start:start-1", out var original) && original.Interaction == 1);
    }
}
