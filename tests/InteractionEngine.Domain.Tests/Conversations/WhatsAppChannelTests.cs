using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>WhatsApp rules: the 24-hour customer service window, statuses named by wamid, channel state.</summary>
public class WhatsAppChannelTests
{
    private static readonly NotificationContent Reminder = new("appointment_reminder", "en_US", "Hi Ana", new Dictionary<string, string>(), null, []);

    private static ConversationState ContactWroteAtT0() => Given(Inbound("wamid.in"), Route());

    private static SendMessage SendAt(DateTimeOffset at, string id = "m1") => new(Id, "agent-1", id, "hello", [], at);

    [Fact]
    public void A_free_form_message_is_allowed_until_the_last_second_of_the_window()
    {
        var decision = When(ContactWroteAtT0(), SendAt(T0 + TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)));
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
    }

    [Fact]
    public void At_24_hours_a_free_form_message_is_refused_naming_the_close_time()
    {
        var decision = When(ContactWroteAtT0(), SendAt(T0 + TimeSpan.FromHours(24)));
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("2026-11-26 09:00:00Z", decision.Reply.Reason);
        Assert.Contains("template", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_template_notification_is_allowed_outside_the_window()
    {
        var decision = When(ContactWroteAtT0(), new SendNotification(Id, "agent-1", "n1", Reminder, T0.AddDays(3)));
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.IsType<NotificationSent>(Assert.Single(decision.Events));
    }

    [Fact]
    public void The_window_runs_from_the_channel_time_and_a_late_redelivery_of_an_old_message_does_not_reopen_it()
    {
        // The contact's message was sent at T0 but reached the engine 2 hours later: the window still closes at T0 + 24 h.
        var late = new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.late", "hi", [], T0, T0.AddHours(2));
        var state = Given(late, Route(minute: 120));
        var older = new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.older", "earlier", [], T0.AddHours(-5), T0.AddHours(23));
        state = Apply(state, When(state, older));
        Assert.Equal(ReplyCode.Conflict, When(state, SendAt(T0.AddHours(24))).Reply.Code);
    }

    [Fact]
    public void A_new_contact_message_reopens_the_window()
    {
        var state = ContactWroteAtT0();
        state = Apply(state, When(state, new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.2", "again", [], T0.AddDays(2), T0.AddDays(2))));
        Assert.Equal(ReplyCode.Accepted, When(state, SendAt(T0.AddDays(2).AddHours(23))).Reply.Code);
    }

    [Fact]
    public void A_free_form_message_to_a_contact_who_never_wrote_on_WhatsApp_is_refused_but_a_template_goes()
    {
        var state = Given(new StartInteraction(Id, "agent-1", ChannelKind.WhatsApp, "+351912345678", "start-1", T0));
        var decision = When(state, SendAt(T0.AddMinutes(1)));
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("never written on WhatsApp", decision.Reply.Reason);
        Assert.Contains("template", decision.Reply.Reason);
        Assert.Empty(decision.Events);
        Assert.Equal(ReplyCode.Accepted, When(state, new SendNotification(Id, "agent-1", "n1", Reminder, T0.AddMinutes(1))).Reply.Code);
    }

    [Fact]
    public void A_message_on_another_channel_opens_no_WhatsApp_window()
    {
        // The contact wrote by SMS a minute ago; the agent's WhatsApp interaction still has no window.
        var state = Given(Inbound("sms-1", channel: ChannelKind.Sms), Route(channel: ChannelKind.Sms), EndByAgent(minute: 1), Done(minute: 1),
            new StartInteraction(Id, "agent-1", ChannelKind.WhatsApp, "+351912345678", "start-1", At(2)));
        Assert.Equal(ChannelKind.WhatsApp, Started(state).Current.Channel);
        var decision = When(state, SendAt(At(3)));
        Assert.Equal(ReplyCode.Conflict, decision.Reply.Code);
        Assert.Contains("never written on WhatsApp", decision.Reply.Reason);
    }

    [Fact]
    public void Other_channels_have_no_window()
    {
        var state = Given(Inbound("sms-1", channel: ChannelKind.Sms), Route(channel: ChannelKind.Sms));
        Assert.Equal(ReplyCode.Accepted, When(state, SendAt(T0.AddDays(5))).Reply.Code);
    }

    [Fact]
    public void A_retried_send_outside_the_window_is_still_a_duplicate_of_the_first()
    {
        var state = ContactWroteAtT0();
        state = Apply(state, When(state, SendAt(T0.AddHours(1), "m1")));
        Assert.Equal(ReplyCode.Duplicate, When(state, SendAt(T0.AddDays(2), "m1")).Reply.Code);
    }

    [Fact]
    public void A_status_named_only_by_wamid_finds_its_message_once_the_wamid_is_known()
    {
        var state = ContactWroteAtT0();
        state = Apply(state, When(state, SendAt(T0.AddMinutes(1))));
        Assert.Equal(ReplyCode.NotFound, When(state, new RecordChannelDeliveryStatus(Id, "wamid.out", DeliveryStatus.Delivered, null, At(2))).Reply.Code);

        state = Apply(state, When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Sent, "wamid.out", null, At(2))));
        var delivered = When(state, new RecordChannelDeliveryStatus(Id, "wamid.out", DeliveryStatus.Delivered, null, At(3)));
        var changed = Assert.IsType<DeliveryStatusChanged>(Assert.Single(delivered.Events));
        Assert.Equal((2L, DeliveryStatus.Delivered), (changed.MessageNumber, changed.Status));
        state = Apply(state, delivered);
        Assert.Equal(ReplyCode.Unchanged, When(state, new RecordChannelDeliveryStatus(Id, "wamid.out", DeliveryStatus.Sent, null, At(4))).Reply.Code);
    }

    [Fact]
    public void An_unknown_outcome_fails_after_its_grace_period_only_if_no_status_came()
    {
        var state = ContactWroteAtT0();
        state = Apply(state, When(state, SendAt(T0.AddMinutes(1))));
        var expire = new ExpireUnknownDelivery(Id, 2, new DeliveryError(-1, "outcome unknown"), At(5));
        var failed = Assert.IsType<DeliveryStatusChanged>(Assert.Single(When(state, expire).Events));
        Assert.Equal(DeliveryStatus.Failed, failed.Status);

        state = Apply(state, When(state, new RecordDeliveryStatus(Id, 2, DeliveryStatus.Sent, "wamid.out", null, At(2))));
        Assert.Equal(ReplyCode.Unchanged, When(state, expire).Reply.Code);
    }

    [Fact]
    public void A_connection_request_sends_the_template_and_the_contacts_answer_connects_the_channel()
    {
        var state = Given(Route());
        var request = When(state, new RequestChannelConnection(Id, "agent-1", "connect-1", ChannelKind.WhatsApp, "351912345678", Reminder, At(1)));
        Assert.Collection(request.Events,
            e => Assert.Equal(ChannelState.Requested, Assert.IsType<ChannelStateChanged>(e).State),
            e => Assert.IsType<NotificationSent>(e));
        state = Apply(state, request);

        var refused = When(state, SendAt(At(2)));
        Assert.Equal(ReplyCode.Conflict, refused.Reply.Code);
        Assert.Contains("approve", refused.Reply.Reason);

        var approval = new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.yes", null, [], At(3), At(3), "wamid.request", new ButtonReply("CONNECT_YES", "Yes"), "button");
        var approved = When(state, approval);
        Assert.Equal(ChannelState.Connected, Assert.IsType<ChannelStateChanged>(approved.Events[^1]).State);
        state = Apply(state, approved);
        Assert.Equal(ReplyCode.Accepted, When(state, SendAt(At(4))).Reply.Code);
    }

    [Fact]
    public void A_connection_request_goes_to_the_chosen_number_and_the_channel_records_it()
    {
        var state = Given(Route());
        var request = When(state, new RequestChannelConnection(Id, "agent-1", "connect-1", ChannelKind.WhatsApp, "351934567890", Reminder, At(1)));
        Assert.Equal("351934567890", Assert.IsType<ChannelStateChanged>(request.Events[0]).Address);
        Assert.Equal("351934567890", Assert.IsType<NotificationSent>(request.Events[1]).Address);

        // An ordinary notification keeps no address: it goes to the contact's number, as before.
        var notification = When(Apply(state, request), new SendNotification(Id, "agent-1", "n-1", Reminder, At(2)));
        Assert.Null(Assert.IsType<NotificationSent>(Assert.Single(notification.Events)).Address);
    }

    [Fact]
    public void A_warning_refuses_sends_with_its_reason_until_it_is_cleared()
    {
        var state = ContactWroteAtT0();
        state = Apply(state, When(state, new RecordChannelState(Id, ChannelKind.WhatsApp, "351912345678", ChannelState.Warning, "Message undeliverable", 131026, At(1))));
        var refused = When(state, SendAt(At(2)));
        Assert.Equal(ReplyCode.Conflict, refused.Reply.Code);
        Assert.Contains("Message undeliverable", refused.Reply.Reason);
        Assert.Contains("131026", refused.Reply.Reason);
        Assert.Equal(ReplyCode.Conflict, When(state, new SendNotification(Id, "agent-1", "n1", Reminder, At(2))).Reply.Code);

        state = Apply(state, When(state, new RecordChannelState(Id, ChannelKind.WhatsApp, "351912345678", ChannelState.Connected, "validation delivered", null, At(3))));
        Assert.Equal(ReplyCode.Accepted, When(state, SendAt(At(4))).Reply.Code);
    }

    [Fact]
    public void Channel_held_media_may_have_an_unknown_size_but_other_attachments_may_not()
    {
        var held = new ReceiveMessage(Id, ChannelKind.WhatsApp, "wamid.img", null, [new Attachment("whatsapp-media:123", "image/jpeg", 0)], T0, T0);
        Assert.Equal(ReplyCode.Accepted, When(new ConversationState.None(), held).Reply.Code);
        var unknown = held with { Attachments = [new Attachment("att:1", "image/jpeg", 0)] };
        Assert.Equal(ReplyCode.Invalid, When(new ConversationState.None(), unknown).Reply.Code);
    }
}
