using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

public class ReadPositionAndStatusTests
{
    [Fact]
    public void Marking_read_moves_the_read_position_forward_only()
    {
        var state = Given(Inbound("w1"), Route(), Inbound("w2"), new MarkRead(Id, "agent-1", 2, At(1)));
        Assert.Equal(2, Started(state).ReadUpTo);
        Assert.Equal(ReplyCode.Unchanged, When(state, new MarkRead(Id, "agent-1", 1, At(2))).Reply.Code);
    }

    [Fact]
    public void Mark_unread_makes_the_last_inbound_message_unread_again()
    {
        var state = Given(Inbound("w1"), Route(), Inbound("w2"), Send("c1"), new MarkRead(Id, "agent-1", 3, At(1)));
        var decision = When(state, new MarkUnread(Id, "agent-1", At(2)));
        Assert.Equal(1, Assert.IsType<MarkedUnread>(Assert.Single(decision.Events)).ReadUpToMessageNumber);
    }

    [Fact]
    public void Mark_unread_when_already_unread_changes_nothing()
    {
        Assert.Equal(ReplyCode.Unchanged, When(Given(Inbound("w1"), Route()), new MarkUnread(Id, "agent-1", At(2))).Reply.Code);
    }

    [Fact]
    public void Delivery_status_moves_forward_and_ignores_late_or_repeated_statuses()
    {
        var state = Given(Inbound("w1"), Route(), Send("c1"),
            new RecordDeliveryStatus(Id, 2, DeliveryStatus.Delivered, "wamid.out", null, At(1)));
        Assert.Equal(ReplyCode.Unchanged, When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Sent, "wamid.out", null, At(2))).Reply.Code);
        Assert.Equal(ReplyCode.Unchanged, When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Delivered, "wamid.out", null, At(2))).Reply.Code);
        Assert.Single(When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Read, "wamid.out", null, At(3))).Events);
    }

    [Fact]
    public void Failed_send_is_recorded_with_the_platform_error_and_is_final()
    {
        var error = new DeliveryError(131026, "Message undeliverable");
        var state = Given(Inbound("w1"), Route(), Send("c1"), new RecordDeliveryStatus(Id, 2, DeliveryStatus.Failed, null, error, At(1)));
        Assert.Equal(DeliveryStatus.Failed, Started(state).OutboundStatus.Items[2]);
        Assert.Equal(ReplyCode.Unchanged, When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Read, null, null, At(2))).Reply.Code);
    }

    [Fact]
    public void Notification_is_an_outbound_message_with_its_content()
    {
        var content = new NotificationContent("appointment", "en", "See you at 10:00?", new Dictionary<string, string> { ["time"] = "10:00" },
            null, [new NotificationButton(NotificationButtonKind.QuickReply, "Yes"), new NotificationButton(NotificationButtonKind.OpenUrl, "Map", "https://example.org")]);
        var decision = When(Given(Inbound("w1"), Route()), new SendNotification(Id, "agent-1", "n1", content, At(1)));
        var sent = Assert.IsType<NotificationSent>(Assert.Single(decision.Events));
        Assert.Equal(content, sent.Notification);
    }

    [Fact]
    public void Button_reply_is_a_message_received_linked_to_the_notification()
    {
        var reply = new ReceiveMessage(Id, ChannelKind.WhatsApp, "w2", null, [], At(2), At(2), InReplyTo: "wamid.notification", ButtonReply: new ButtonReply("YES", "Yes"));
        var received = Assert.IsType<MessageReceived>(Assert.Single(When(Given(Inbound("w1"), Route()), reply).Events));
        Assert.Equal(("wamid.notification", "YES"), (received.InReplyTo, received.ButtonReply!.Payload));
    }
}
