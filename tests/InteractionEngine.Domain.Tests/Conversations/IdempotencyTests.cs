using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

public class IdempotencyTests
{
    [Fact]
    public void Redelivered_channel_message_is_acknowledged_with_the_original_result_and_no_event()
    {
        var state = Given(Inbound("wamid.1"), Route(), Send("c1"));
        var decision = When(state, Inbound("wamid.1", minute: 90));
        Assert.Empty(decision.Events);
        Assert.Equal(ReplyCode.Duplicate, decision.Reply.Code);
        Assert.Equal(new MessageRef(1, 1), decision.Reply.Message);
    }

    [Fact]
    public void Redelivery_after_done_does_not_reopen_anything()
    {
        var decision = When(Given(Inbound("wamid.1"), Route(), Done()), Inbound("wamid.1", minute: 500));
        Assert.Equal(ReplyCode.Duplicate, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Retried_agent_send_with_the_same_client_id_is_a_duplicate()
    {
        var decision = When(Given(Inbound("w1"), Route(), Send("client-42")), Send("client-42"));
        Assert.Equal(ReplyCode.Duplicate, decision.Reply.Code);
        Assert.Equal(new MessageRef(1, 2), decision.Reply.Message);
    }

    [Fact]
    public void Memory_of_keys_is_bounded_and_forgets_the_oldest_first()
    {
        var map = BoundedMap<string, int>.Empty(3).Set("a", 1).Set("b", 2).Set("c", 3).Set("d", 4);
        Assert.False(map.TryGet("a", out _));
        Assert.True(map.TryGet("d", out var d) && d == 4);
        Assert.Equal(3, map.Count);
    }
}
