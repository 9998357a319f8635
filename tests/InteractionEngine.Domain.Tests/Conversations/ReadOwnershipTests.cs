using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>Unread you can trust: only the routed agent or a supervisor moves the read horizon; reactions are not unread.</summary>
public class ReadOwnershipTests
{
    private static ConversationState RoutedToAgent1() => Given(Inbound("w1"), Route(), Inbound("w2"));

    [Fact]
    public void Given_an_interaction_routed_to_agent_1_when_agent_2_marks_it_read_then_forbidden_and_no_event()
    {
        var decision = When(RoutedToAgent1(), new MarkRead(Id, "agent-2", 2, At(1)));
        Assert.Equal(ReplyCode.Forbidden, decision.Reply.Code);
        Assert.Contains("another agent", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_an_interaction_routed_to_agent_1_when_agent_2_marks_it_unread_then_forbidden()
    {
        var state = Given(Inbound("w1"), Route(), new MarkRead(Id, "agent-1", 1, At(1)));
        var decision = When(state, new MarkUnread(Id, "agent-2", At(2)));
        Assert.Equal(ReplyCode.Forbidden, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_an_interaction_routed_to_agent_1_when_agent_1_marks_it_read_then_the_horizon_moves()
    {
        var decision = When(RoutedToAgent1(), new MarkRead(Id, "agent-1", 2, At(1)));
        Assert.Equal(new MessagesRead(Id, "agent-1", 2, At(1)), Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_an_interaction_routed_to_agent_1_when_a_supervisor_marks_it_read_or_unread_then_the_horizon_moves()
    {
        var read = When(RoutedToAgent1(), new MarkRead(Id, "supervisor-1", 2, At(1), Supervisor: true));
        Assert.Equal(new MessagesRead(Id, "supervisor-1", 2, At(1)), Assert.Single(read.Events));

        var unread = When(Apply(RoutedToAgent1(), read), new MarkUnread(Id, "supervisor-1", At(2), Supervisor: true));
        Assert.Equal(1, Assert.IsType<MarkedUnread>(Assert.Single(unread.Events)).ReadUpToMessageNumber);
    }

    [Fact]
    public void Given_a_queued_interaction_when_an_agent_marks_it_read_then_forbidden_as_no_agent_owns_it_yet()
    {
        var decision = When(Given(Inbound("w1")), new MarkRead(Id, "agent-1", 1, At(1)));
        Assert.Equal(ReplyCode.Forbidden, decision.Reply.Code);
        Assert.Contains("not routed", decision.Reply.Reason);
    }

    [Fact]
    public void Given_a_transfer_the_new_agent_owns_the_horizon_and_the_previous_one_no_longer_does()
    {
        var state = Given(Inbound("w1"), Route(), Route("agent-2", 1));
        Assert.Equal(ReplyCode.Forbidden, When(state, new MarkRead(Id, "agent-1", 1, At(2))).Reply.Code);
        Assert.Single(When(state, new MarkRead(Id, "agent-2", 1, At(2))).Events);
    }

    [Fact]
    public void Given_a_done_interaction_its_agent_still_owns_the_horizon()
    {
        var state = Given(Inbound("w1"), Route(), Done(minute: 1));
        Assert.Single(When(state, new MarkRead(Id, "agent-1", 1, At(2))).Events);
        Assert.Equal(ReplyCode.Forbidden, When(state, new MarkRead(Id, "agent-2", 1, At(2))).Reply.Code);
    }

    [Fact]
    public void Given_the_last_inbound_message_is_a_reaction_when_the_agent_marks_unread_then_the_last_real_message_becomes_unread()
    {
        var reaction = new ReceiveMessage(Id, ChannelKind.WhatsApp, "w3", "👍", [], At(2), At(2), InReplyTo: "wamid.out",
            ChannelMessageType: Conversation.ReactionMessageType);
        var state = Given(Inbound("w1"), Route(), Send("c1", minute: 1), reaction, new MarkRead(Id, "agent-1", 3, At(3)));

        var decision = When(state, new MarkUnread(Id, "agent-1", At(4)));

        Assert.Equal(0, Assert.IsType<MarkedUnread>(Assert.Single(decision.Events)).ReadUpToMessageNumber);
    }

    [Fact]
    public void Given_only_reactions_from_the_contact_mark_unread_is_a_conflict()
    {
        var reaction = new ReceiveMessage(Id, ChannelKind.WhatsApp, "w1", "👍", [], At(2), At(2), InReplyTo: "wamid.out",
            ChannelMessageType: Conversation.ReactionMessageType);
        // The agent's first message to a contact who never wrote on WhatsApp is a template (free-form has no window).
        var notification = new SendNotification(Id, "agent-1", "c1", new NotificationContent("appointment_reminder", "en_US", "Hi", new Dictionary<string, string>(), null, []), At(1));
        var state = Given(Route(), notification, reaction);
        Assert.Equal(ReplyCode.Conflict, When(state, new MarkUnread(Id, "agent-1", At(3))).Reply.Code);
    }
}
