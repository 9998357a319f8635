using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp;

public class WebhookMappingTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2025, 6, 8, 21, 0, 0, TimeSpan.Zero);
    private static readonly ConversationId Ana = new("acme", "+351912345678");

    private static ReceiveMessage Map(string payload, int index = 0, Func<string, long?>? mediaSize = null) =>
        WhatsAppInboundMapper.ToReceiveMessage(Payloads.Parse(payload).Messages.ElementAt(index), "acme", WhatsAppInboundMapper.ByE164, ReceivedAt, mediaSize);

    [Fact]
    public void Text_maps_to_receive_message_with_the_wamid_as_idempotency_key_and_both_times()
    {
        var c = Map("text-emoji.json");
        Assert.Equal(Ana, c.ConversationId);
        Assert.Equal(ChannelKind.WhatsApp, c.Channel);
        Assert.Equal("wamid.HBgMMzUxOTEyMzQ1Njc4FQIAEhgUM0E0QTY1OTlBRUUwMzgxMDE0NEYA", c.ChannelMessageId);
        Assert.Equal("Olá 👋 é aqui? 😀", c.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), c.SentAt);
        Assert.Equal(ReceivedAt, c.At);
        Assert.Equal("text", c.ChannelMessageType);
        Assert.Equal("Ana Sousa", c.ProfileName); // contacts[].profile.name is kept, and reaches the event
        Assert.Equal("Ana Sousa", Assert.IsType<MessageReceived>(Conversation.Decide(new ConversationState.None(), c, TenantPolicy.Default).Events[^1]).ProfileName);
        Assert.Equal(ReplyCode.Accepted, Conversation.Decide(new ConversationState.None(), c, TenantPolicy.Default).Reply.Code);
    }

    [Fact]
    public void The_senders_wa_id_is_kept_as_from_and_reaches_the_event()
    {
        var c = Map("text-emoji.json");
        Assert.Equal("351912345678", c.From);
        Assert.Equal("351912345678", Assert.IsType<MessageReceived>(Conversation.Decide(new ConversationState.None(), c, TenantPolicy.Default).Events[^1]).From);
    }

    [Theory]
    [InlineData("  Rita  ", "Rita")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Profile_names_are_trimmed_and_blank_ones_are_none(string? name, string? expected)
    {
        Assert.Equal(expected, WhatsAppInboundMapper.ProfileName(name));
        Assert.Equal(WhatsAppInboundMapper.MaxProfileNameLength, WhatsAppInboundMapper.ProfileName(new string('x', 1000))!.Length);
    }

    [Fact]
    public void Image_size_is_unknown_until_resolved_and_the_domain_accepts_it_unknown()
    {
        var unresolved = Map("image-caption.json");
        Assert.Equal(0, Assert.Single(unresolved.Attachments).SizeBytes);
        // Channel-held media (whatsapp-media:) may have size 0 = unknown; other attachments still need a size.
        Assert.Equal(ReplyCode.Accepted, Conversation.Decide(new ConversationState.None(), unresolved, TenantPolicy.Default).Reply.Code);
        var local = unresolved with { Attachments = [unresolved.Attachments[0] with { Reference = "attachment:1" }] };
        Assert.Equal(ReplyCode.Invalid, Conversation.Decide(new ConversationState.None(), local, TenantPolicy.Default).Reply.Code);

        var resolved = Map("image-caption.json", mediaSize: id => id == "1003383421387256" ? 48_213 : null);
        Assert.Equal(new Attachment("whatsapp-media:1003383421387256", "image/jpeg", 48_213, null, "The broken part",
            "Dd5kYz3E8gBf2jTRd4GqWvD3mIW0YpX3BdGJ1aF4sXo="), Assert.Single(resolved.Attachments)); // the webhook's sha256, for the fetcher's check
        Assert.Equal(ReplyCode.Accepted, Conversation.Decide(new ConversationState.None(), resolved, TenantPolicy.Default).Reply.Code);
    }

    [Theory]
    [InlineData("interactive-button-reply.json", "change-date", "Change date", "wamid.BUTTONS_MESSAGE", "interactive.button_reply")]
    [InlineData("interactive-list-reply.json", "slot-2", "Tuesday 10:00", "wamid.LIST_MESSAGE", "interactive.list_reply")]
    [InlineData("template-button.json", "APPOINTMENT_CONFIRM", "Yes", "wamid.TEMPLATE_REMINDER", "button")]
    public void Button_replies_carry_payload_text_and_the_message_they_answer(string payload, string id, string text, string inReplyTo, string type)
    {
        var c = Map(payload);
        Assert.Equal(new ButtonReply(id, text), c.ButtonReply);
        Assert.Equal(inReplyTo, c.InReplyTo);
        Assert.Equal(type, c.ChannelMessageType);
        Assert.Null(CommandValidation.Problem(c));
    }

    [Fact]
    public void Reaction_is_a_message_in_reply_to_the_reacted_one_with_the_emoji_as_text()
    {
        var added = Map("reaction.json");
        Assert.Equal(("👍", "wamid.AGENT_MESSAGE_7", "reaction"), (added.Text, added.InReplyTo, added.ChannelMessageType));
        var removed = Map("reaction.json", 1);
        Assert.Equal(((string?)null, "wamid.AGENT_MESSAGE_7", "reaction"), (removed.Text, removed.InReplyTo, removed.ChannelMessageType));
        Assert.Null(CommandValidation.Problem(removed));
    }

    [Fact]
    public void Unknown_types_become_messages_of_their_type_so_nothing_is_dropped()
    {
        var c = Map("unknown-types.json", 1);
        Assert.Equal("location", c.ChannelMessageType);
        Assert.Null(c.Text);
        Assert.Null(CommandValidation.Problem(c));
    }

    [Fact]
    public void Statuses_map_to_delivery_statuses_with_error_and_correlation_and_untracked_ones_are_ignored()
    {
        var updates = Payloads.Parse("statuses.json").Statuses.Select(WhatsAppStatusMapper.TryMap).ToList();
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read, DeliveryStatus.Failed], updates.Take(4).Select(u => u!.Status));
        Assert.Null(updates[4]); // "deleted" is not a delivery status the engine tracks
        Assert.Equal(new OutboundCorrelation(Ana, 7), updates[0]!.Correlation);
        Assert.Null(updates[0]!.Error);
        Assert.Equal(new DeliveryError(131026, "Message undeliverable", "Message Undeliverable."), updates[3]!.Error);
        Assert.Null(updates[3]!.Correlation);

        var command = updates[1]!.ToCommand(Ana, 7, ReceivedAt);
        Assert.Equal(new RecordDeliveryStatus(Ana, 7, DeliveryStatus.Delivered, "wamid.OUT7", null, ReceivedAt), command);
    }

    [Fact]
    public void Duplicate_and_late_statuses_change_nothing_once_the_domain_applies_them()
    {
        var state = Conversation.Replay([
            new InteractionOpened(Ana, 1, ChannelKind.WhatsApp, InteractionOrigin.Inbound, ReceivedAt),
            new MessageReceived(Ana, 1, 1, ChannelKind.WhatsApp, "wamid.IN1", "hi", [], ReceivedAt, ReceivedAt),
            new InteractionRouted(Ana, 1, "agent-1", "skill:billing", null, ReceivedAt),
            new MessageSent(Ana, 1, 2, ChannelKind.WhatsApp, "agent-1", "c1", "Hello", [], ReceivedAt),
        ]);
        var duplicate = Payloads.Parse("status-duplicate.json").Statuses.Select(s => WhatsAppStatusMapper.TryMap(s)!.ToCommand(Ana, 2, ReceivedAt)).ToList();

        var first = Conversation.Decide(state, duplicate[0], TenantPolicy.Default);
        Assert.IsType<DeliveryStatusChanged>(Assert.Single(first.Events));
        state = Conversation.Evolve(state, first.Events[0]);
        Assert.Equal(ReplyCode.Unchanged, Conversation.Decide(state, duplicate[1], TenantPolicy.Default).Reply.Code);
        var lateSent = new RecordDeliveryStatus(Ana, 2, DeliveryStatus.Sent, "wamid.OUT7", null, ReceivedAt);
        Assert.Equal(ReplyCode.Unchanged, Conversation.Decide(state, lateSent, TenantPolicy.Default).Reply.Code);
    }

    [Theory]
    [InlineData("ie1:acme:+351912345678:7", true)]
    [InlineData("ie1:acme:ana:1", true)]
    [InlineData("ie1:acme:ana:0", false)]
    [InlineData("ie1:acme:ana:-3", false)]
    [InlineData("ie2:acme:ana:1", false)]
    [InlineData("ie1:acme:an a:1", false)]
    [InlineData("ie1:acme:ana", false)]
    [InlineData("somebody else's data", false)]
    [InlineData(null, false)]
    public void Correlation_data_round_trips_and_foreign_values_are_not_mistaken_for_it(string? value, bool valid)
    {
        Assert.Equal(valid, OutboundCorrelation.TryParse(value, out var correlation));
        if (valid) Assert.Equal(value, correlation.Format());
    }
}

public class WhatsAppChannelOptionsTests
{
    [Fact]
    public void The_phone_number_id_decides_the_tenant_and_an_unowned_number_has_none()
    {
        var options = new InteractionEngine.Channels.WhatsApp.WhatsAppChannelOptions
        {
            Numbers = [new() { PhoneNumberId = "106540352242922", Tenant = "acme" }, new() { PhoneNumberId = "208765432109876", Tenant = "globex" }],
        };
        var webhook = Payloads.Parse("batch-2-entries-2-changes.json");
        Assert.Equal(["acme", "globex", "globex"], webhook.Messages.Select(m => options.TenantFor(m.PhoneNumberId)));
        Assert.Null(options.TenantFor("999"));
        Assert.Null(options.TenantFor(null));
    }
}
