using InteractionEngine.Channels.Tests.Support;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp;

public class WebhookParserTests
{
    [Fact]
    public void Text_with_emoji_keeps_the_contact_the_number_and_the_channel_time()
    {
        var webhook = Payloads.Parse("text-emoji.json");
        var change = Assert.Single(webhook.Changes);
        Assert.Equal("102290129340398", change.BusinessAccountId);
        Assert.Equal("106540352242922", change.PhoneNumberId);
        var m = Assert.Single(change.Messages);
        Assert.Equal("wamid.HBgMMzUxOTEyMzQ1Njc4FQIAEhgUM0E0QTY1OTlBRUUwMzgxMDE0NEYA", m.Wamid);
        Assert.Equal("351912345678", m.From);
        Assert.Equal("Ana Sousa", m.ProfileName);
        Assert.Equal("text", m.Type);
        Assert.Equal("Olá 👋 é aqui? 😀", m.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), m.SentAt);
        Assert.True(m.IsModelled);
        Assert.Empty(webhook.Problems);
    }

    [Fact]
    public void Image_becomes_an_attachment_referencing_the_whatsapp_media_with_unknown_size()
    {
        var m = Assert.Single(Payloads.Parse("image-caption.json").Messages);
        Assert.Equal("image", m.Type);
        Assert.Null(m.Text);
        Assert.Equal(new Attachment("whatsapp-media:1003383421387256", "image/jpeg", 0, null, "The broken part",
            "Dd5kYz3E8gBf2jTRd4GqWvD3mIW0YpX3BdGJ1aF4sXo="), m.Attachment);
        Assert.Equal("Dd5kYz3E8gBf2jTRd4GqWvD3mIW0YpX3BdGJ1aF4sXo=", m.MediaSha256);
    }

    [Fact]
    public void Interactive_button_reply_is_a_button_reply_in_reply_to_the_buttons_message()
    {
        var m = Assert.Single(Payloads.Parse("interactive-button-reply.json").Messages);
        Assert.Equal(new ButtonReply("change-date", "Change date"), m.ButtonReply);
        Assert.Equal("button_reply", m.InteractiveType);
        Assert.Equal("wamid.BUTTONS_MESSAGE", m.InReplyTo);
    }

    [Fact]
    public void List_reply_keeps_the_chosen_rows_id_and_title()
    {
        var m = Assert.Single(Payloads.Parse("interactive-list-reply.json").Messages);
        Assert.Equal(new ButtonReply("slot-2", "Tuesday 10:00"), m.ButtonReply);
        Assert.Equal("list_reply", m.InteractiveType);
        Assert.Equal("wamid.LIST_MESSAGE", m.InReplyTo);
    }

    [Fact]
    public void Template_quick_reply_button_is_linked_to_its_notification()
    {
        var m = Assert.Single(Payloads.Parse("template-button.json").Messages);
        Assert.Equal("button", m.Type);
        Assert.Equal(new ButtonReply("APPOINTMENT_CONFIRM", "Yes"), m.ButtonReply);
        Assert.Equal("wamid.TEMPLATE_REMINDER", m.InReplyTo);
    }

    [Fact]
    public void Reply_with_context_names_the_quoted_message()
    {
        var m = Assert.Single(Payloads.Parse("reply-with-context.json").Messages);
        Assert.Equal("Yes, that one", m.Text);
        Assert.Equal("wamid.AGENT_MESSAGE_7", m.InReplyTo);
    }

    [Fact]
    public void Reaction_and_its_removal_name_the_reacted_message()
    {
        var messages = Payloads.Parse("reaction.json").Messages.ToList();
        Assert.Equal(new WhatsAppReaction("wamid.AGENT_MESSAGE_7", "👍"), messages[0].Reaction);
        Assert.Equal(new WhatsAppReaction("wamid.AGENT_MESSAGE_7", null), messages[1].Reaction);
    }

    [Fact]
    public void Unknown_and_unsupported_types_are_kept_with_their_type_errors_and_raw_json()
    {
        var messages = Payloads.Parse("unknown-types.json").Messages.ToList();
        var unsupported = messages[0];
        Assert.Equal("unsupported", unsupported.Type);
        Assert.False(unsupported.IsModelled);
        var error = Assert.Single(unsupported.Errors);
        Assert.Equal(131051, error.Code);
        Assert.Equal("Message type is currently not supported.", error.Details);
        Assert.Contains("poll_creation", unsupported.RawJson);

        var location = messages[1];
        Assert.Equal("location", location.Type);
        Assert.True(location.IsModelled);
        Assert.Null(location.Text);
        Assert.Equal(new SharedLocation(38.7223, -9.1393, "Loja Avenida", "Av. da Liberdade 1, Lisboa"), location.Shared!.Location);
        Assert.Contains("Av. da Liberdade 1, Lisboa", location.RawJson);
    }

    [Fact]
    public void Shared_contact_cards_are_kept_with_their_phones_emails_and_organization()
    {
        var m = Assert.Single(Payloads.Parse("contacts.json").Messages);
        Assert.True(m.IsModelled);
        var cards = m.Shared!.Contacts!;
        Assert.Equal(2, cards.Count); // the card without any name or phone is dropped
        Assert.Equal(("Rita Sousa", "Acme Lda", "rita@example.com"), (cards[0].Name, cards[0].Organization, Assert.Single(cards[0].Emails)));
        Assert.Equal([new SharedPhone("+351 912 345 678", "351912345678", "CELL"), new SharedPhone("+351 213 000 000", null, "WORK")], cards[0].Phones);
        Assert.Equal("Rui", cards[1].Name);
        var command = WhatsAppInboundMapper.ToReceiveMessage(m, "acme", WhatsAppInboundMapper.ByE164, DateTimeOffset.UnixEpoch);
        Assert.Equal(("contacts", m.Shared), (command.ChannelMessageType, command.Shared));
    }

    [Fact]
    public void Batch_of_two_entries_with_two_changes_each_keeps_every_item_and_its_phone_number()
    {
        var webhook = Payloads.Parse("batch-2-entries-2-changes.json");
        Assert.Equal(4, webhook.Changes.Count);
        Assert.Equal(["wamid.B1", "wamid.B2", "wamid.B3"], webhook.Messages.Select(m => m.Wamid));
        Assert.Equal(["106540352242922", "208765432109876", "208765432109876"], webhook.Messages.Select(m => m.PhoneNumberId));
        // The profile name belongs to the sender, not to the first contact listed.
        Assert.Equal(["Ana Sousa", "Chloe Hart", "Ben Carter"], webhook.Messages.Select(m => m.ProfileName));
        Assert.Equal(["wamid.OUT1", "wamid.OUT2"], webhook.Statuses.Select(s => s.Wamid));
        Assert.Equal(["204580012345678", "204580012345678"], webhook.Changes.Skip(2).Select(c => c.BusinessAccountId));
    }

    [Fact]
    public void Statuses_sent_delivered_read_and_failed_with_its_errors()
    {
        var statuses = Payloads.Parse("statuses.json").Statuses.ToList();
        Assert.Equal(["sent", "delivered", "read", "failed", "deleted"], statuses.Select(s => s.Status));
        Assert.All(statuses.Take(3), s => Assert.Equal("wamid.OUT7", s.Wamid));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1750857384), statuses[0].Timestamp);
        Assert.Equal("351912345678", statuses[0].RecipientId);
        Assert.Equal("utility", statuses[0].PricingCategory);
        Assert.Equal("ie1:acme:+351912345678:7", statuses[0].BizOpaqueCallbackData);
        var failure = Assert.Single(statuses[3].Errors);
        Assert.Equal(new WhatsAppPlatformError(131026, "Message undeliverable", "Message undeliverable", "Message Undeliverable.",
            "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"), failure);
    }

    [Fact]
    public void Duplicate_status_is_reported_twice_and_left_to_the_domain_to_ignore()
    {
        var statuses = Payloads.Parse("status-duplicate.json").Statuses.ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Equal((statuses[0].Wamid, statuses[0].Status, statuses[0].Timestamp), (statuses[1].Wamid, statuses[1].Status, statuses[1].Timestamp));
    }

    [Fact]
    public void Top_level_errors_are_read_and_other_fields_are_kept_by_name_only()
    {
        var webhook = Payloads.Parse("errors.json");
        var error = Assert.Single(webhook.Errors);
        Assert.Equal(130429, error.Code);
        Assert.Equal("Rate limit hit", error.Title);
        Assert.StartsWith("Message failed to send because there were too many", error.Details);
        var templateUpdate = webhook.Changes[1];
        Assert.Equal("message_template_status_update", templateUpdate.Field);
        Assert.Empty(templateUpdate.Messages);
        Assert.Empty(templateUpdate.Statuses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"object\":\"page\",\"entry\":[]}")]
    [InlineData("{\"object\":\"whatsapp_business_account\"}")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[]} trailing")]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[]}{}")]
    public void Malformed_or_foreign_bodies_give_an_error_result_never_an_exception(string body)
    {
        var result = WhatsAppWebhookParser.Parse(body);
        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Deeply_nested_json_is_refused_as_an_error()
    {
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":" + new string('[', 200) + new string(']', 200) + "}";
        Assert.False(WhatsAppWebhookParser.Parse(body).IsValid);
    }

    [Fact]
    public void Items_missing_what_identifies_them_are_skipped_with_a_problem_and_the_rest_is_kept()
    {
        const string body = """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"1555","phone_number_id":"42"},
              "messages":[{"from":"351912345678","timestamp":"1749416383","type":"text","text":{"body":"no id"}},
                          {"from":"351912345678","id":"wamid.OK","timestamp":1749416384,"type":"text","text":{"body":"fine"}},
                          {"from":"351912345678","id":"wamid.BADTIME","timestamp":"yesterday","type":"text","text":{"body":"x"}}],
              "statuses":[{"status":"read","timestamp":"1749416385"}]}}]}]}
            """;
        var webhook = WhatsAppWebhookParser.Parse(body).Webhook!;
        Assert.Equal("wamid.OK", Assert.Single(webhook.Messages).Wamid); // a numeric timestamp is read too
        Assert.Empty(webhook.Statuses);
        Assert.Equal(3, webhook.Problems.Count);
        Assert.Contains(webhook.Problems, p => p.Contains("messages[0]") && p.Contains("missing id"));
    }
}
