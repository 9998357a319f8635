using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>After Done, "Write a Message + Send": one call starts the next interaction where the tenant allows it.</summary>
public class WriteAfterDoneTests
{
    private static readonly TenantPolicy Allowing = TenantPolicy.Default with { WriteAfterDone = true };

    private static ConversationState DoneByAgent1() => Given(Inbound("w1"), Route(), Send("c1"), Done(minute: 1));

    [Fact]
    public void Given_done_and_the_tenant_does_not_allow_it_when_the_agent_writes_then_conflict_saying_to_reactivate()
    {
        var decision = When(DoneByAgent1(), Send("c2", minute: 2));
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("reactivate", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_done_and_the_tenant_allows_it_when_the_agent_writes_then_a_new_interaction_starts_and_the_message_is_sent_in_it()
    {
        var decision = When(DoneByAgent1(), Send("c2", minute: 2), Allowing);

        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.Equal(new MessageRef(2, 3), decision.Reply.Message);
        Assert.Collection(decision.Events,
            e => Assert.Equal(new Reactivated(Id, 2, 1, true, Party.Agent, "agent-1", ChannelKind.WhatsApp, At(2)), e),
            e => Assert.Equal((2, 3L, "agent-1"), (Assert.IsType<MessageSent>(e).Interaction, ((MessageSent)e).MessageNumber, ((MessageSent)e).AgentId)));
        var state = Started(Apply(DoneByAgent1(), decision));
        Assert.Equal(new Interaction(2, ChannelKind.WhatsApp, InteractionStatus.Active, "agent-1", null), state.Current);
    }

    [Fact]
    public void Given_done_by_another_agent_and_the_tenant_allows_it_when_an_agent_writes_then_the_new_interaction_is_that_agents()
    {
        var decision = When(DoneByAgent1(), Send("c2", agent: "agent-2", minute: 2), Allowing);
        Assert.Equal("agent-2", Assert.IsType<Reactivated>(decision.Events[0]).ActorId);
    }

    [Fact]
    public void Given_done_and_the_tenant_allows_it_when_a_notification_is_sent_then_it_also_starts_the_next_interaction()
    {
        var content = new NotificationContent("payment_reminder", "en", "Your invoice is due", new Dictionary<string, string>(), null, []);
        var decision = When(DoneByAgent1(), new SendNotification(Id, "agent-1", "n1", content, At(2)), Allowing);
        Assert.IsType<Reactivated>(decision.Events[0]);
        Assert.Equal(2, Assert.IsType<NotificationSent>(decision.Events[1]).Interaction);
    }

    [Fact]
    public void Given_a_message_that_started_the_next_interaction_when_it_is_retried_then_duplicate_and_no_third_interaction()
    {
        var state = Apply(DoneByAgent1(), When(DoneByAgent1(), Send("c2", minute: 2), Allowing));
        var decision = When(state, Send("c2", minute: 3), Allowing);
        Assert.Equal(ReplyCode.Duplicate, decision.Reply.Code);
        Assert.Equal(new MessageRef(2, 3), decision.Reply.Message);
    }

    [Fact]
    public void Given_the_tenant_allows_it_a_queued_interaction_still_refuses_an_agent_message()
    {
        Assert.Equal(ReplyCode.Conflict, When(Given(Inbound("w1")), Send("c1"), Allowing).Reply.Code);
    }
}
